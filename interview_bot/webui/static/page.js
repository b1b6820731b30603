(() => {
const WORDS = __WORDS__, PREFIXES = __PREFIXES__, QUEUE = __QUEUE__;
const QUEUE_FORM = /^(?:queue (\d+)\/(\d+)|In queue: (\d+) of (\d+))$/;
const RAW_KEY = /^[a-z_]+(\.[a-z_]+)+$/;
let lang = null, busy = false, chatWasEmpty = true, reportShown = false;
function words() { return document.querySelector('#page-words [data-lang]'); }
function say(v) {
  const table = WORDS[lang] || {};
  if (Object.prototype.hasOwnProperty.call(table, v)) return table[v];
  const q = QUEUE_FORM.exec(v);
  if (q && QUEUE[lang]) {
    return QUEUE[lang].replace('{position}', q[1] || q[3]).replace('{size}', q[2] || q[4]);
  }
  for (const [prefix, mine] of PREFIXES[lang] || []) {
    if (prefix && v.startsWith(prefix)) return mine + v.slice(prefix.length);
  }
  return RAW_KEY.test(v) ? '' : v;
}
function relabel(el, attr) {
  const v = el.getAttribute(attr);
  if (!v) return;
  const nv = say(v);
  if (nv !== v) { if (nv) el.setAttribute(attr, nv); else el.removeAttribute(attr); }
}
function fix() {
  busy = true;
  try {
    const w = words();
    if (!w) return;
    lang = w.dataset.lang;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    if (w.dataset.title && document.title !== w.dataset.title) document.title = w.dataset.title;
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      relabel(el, 'aria-label'); relabel(el, 'title');
    }
    for (const img of document.querySelectorAll('footer img[alt], .toast-wrap img[alt]')) img.alt = '';
    for (const el of document.querySelectorAll('#topics input[title], #sessions input[title]')) {
      el.removeAttribute('title');  // Gradio titles each choice with its value: a topic id, a session id
    }
    for (const region of document.querySelectorAll('[aria-live], [role=status], [role=alert], footer')) {
      if (region.closest('#chat, #report, [role=log]') || region.querySelector('#chat, [role=log]')) continue;
      const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const v = n.nodeValue.trim();
        if (v) { const nv = say(v); if (nv !== v) n.nodeValue = nv; }
      }
    }
    const box = document.querySelector('#answer textarea');
    const touch = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    if (box && touch && !box.disabled && w.dataset.touch && box.placeholder !== w.dataset.touch) {
      box.placeholder = w.dataset.touch;
    }
    const bots = document.querySelectorAll('#chat [data-testid=bot]').length;
    if (bots && chatWasEmpty) {
      const chat = document.getElementById('chat');
      const r = chat && chat.getBoundingClientRect();
      if (r && (r.top > window.innerHeight * 0.5 || r.bottom < 0)) chat.scrollIntoView({block: 'start'});
    }
    chatWasEmpty = bots === 0;
    const area = document.getElementById('report-area');
    const report = document.getElementById('report');
    const visible = !!(area && area.offsetParent !== null && report && report.textContent.trim());
    if (visible && !reportShown) area.scrollIntoView({block: 'start'});
    reportShown = visible;
  } finally { busy = false; }
}
let queued = false;
new MutationObserver(() => {
  if (busy || queued) return;
  queued = true;
  requestAnimationFrame(() => { queued = false; fix(); });
}).observe(document.documentElement, {childList: true, subtree: true, attributes: true, characterData: true,
  attributeFilter: ['aria-label', 'title', 'placeholder', 'disabled', 'style', 'class', 'data-lang']});
document.addEventListener('click', (e) => {
  const btn = e.target.closest && e.target.closest('#chat button');
  if (!btn) return;
  const name = (btn.getAttribute('aria-label') || btn.getAttribute('title') || '').toLowerCase();
  if (!/clear|effacer|supprimer|vider/.test(name)) return;
  const w = words();
  if (!window.confirm(w && w.dataset.confirmClear ? w.dataset.confirmClear : 'Clear the conversation?')) {
    e.preventDefault(); e.stopImmediatePropagation();
  }
}, true);
})();
