"""The one inline script of the public site and the portal, allowed by its hash.

Exit this page explains itself the first time a person meets it (see static/pace/js/quick-exit.js).
If the deferred script showed that note after the page was first drawn, everything below it would
jump down, and a person about to tap a link would tap something else (a layout shift, which
Lighthouse also counts). So this line, placed right after the note, shows it while the page is
still being read, before anything below it is drawn. It holds no data and never changes per
request, so cached pages keep it, and the Content-Security-Policy allows exactly this text by its
SHA-256 hash (no 'unsafe-inline', no nonce that a cached page could not carry).
"""

import base64
import hashlib

# "note-seen" is the same key as NOTE_KEY in quick-exit.js.
EXIT_NOTE = (
    'try{if(localStorage.getItem("note-seen")!=="1")'
    'document.getElementById("exit-this-page-note").hidden=false}catch(e){}'
)


def csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
