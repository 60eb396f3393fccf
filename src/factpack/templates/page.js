// The package's data in one offline page: browse events, actors, figures and sources, and see every fact's
// citations with the quoted words highlighted in their article. Text is only ever set as text (never as HTML).
// Offsets (char_start, char_end) are Unicode code points, so articles are split with Array.from, not indexed
// as UTF-16 strings.
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('factpack-data').textContent);
  var KIND = { E: 'events', A: 'actors', F: 'figures', S: 'sources', C: 'citations' };
  var KEY = { events: 'event_id', actors: 'actor_id', figures: 'figure_id', sources: 'source_id',
    citations: 'citation_id' };
  var SINGULAR = { events: 'Event', actors: 'Actor', figures: 'Figure', sources: 'Source' };
  var T = {}, BY = {}, CITES = {}, CODEPOINTS = {}, TABLES = {};

  Object.keys(DATA.tables).forEach(function (name) {
    var t = DATA.tables[name];
    T[name] = t.rows.map(function (r) {
      var o = {};
      t.columns.forEach(function (c, i) { o[c] = r[i]; });
      return o;
    });
    BY[name] = {};
    if (KEY[name]) T[name].forEach(function (o) { BY[name][o[KEY[name]]] = o; });
  });
  T.citations.forEach(function (c) {
    [subjectOf(c), c.source_id].forEach(function (id) { (CITES[id] = CITES[id] || []).push(c); });
  });

  function subjectOf(c) { return c.event_id || c.actor_id || c.figure_id; }
  function codePoints(sourceId) {
    if (!CODEPOINTS[sourceId]) CODEPOINTS[sourceId] = Array.from(DATA.seeds[sourceId] || '');
    return CODEPOINTS[sourceId];
  }
  function quoteAt(c) { return codePoints(c.source_id).slice(c.char_start, c.char_end).join(''); }

  // ---- small DOM helpers -------------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') node.textContent = v;
      else if (k === 'onclick') node.addEventListener('click', v);
      else node.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  function ar(tag, text) { return el(tag, { lang: 'ar', dir: 'rtl', text: text }); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function fmtNumber(v) {
    if (v === null || v === undefined) return '';
    return Number(v).toLocaleString('en-US', { maximumFractionDigits: 6 });
  }
  function label(resource, field, value) {
    var f = (DATA.schemas[resource] || {})[field];
    return f && f.categories && f.categories[value] ? f.categories[value] : '';
  }
  function norm(s) {
    return String(s).normalize('NFKD')
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
      .replace(/[\u0649\u06cc]/g, '\u064a').replace(/\u06a9/g, '\u0643').replace(/[\u06be\u06c1]/g, '\u0647')
      .replace(/\u0671/g, '\u0627').replace(/\s+/g, ' ').toLowerCase();
  }

  // ---- how facts read ----------------------------------------------------------------------------------
  function when(e) {
    var s = e.date_start, d = e.date_end, p = e.date_precision;
    if (!s && !d) return '';
    if (p === 'by' && !s) return 'by ' + d;
    if (p === 'day' || s === d) return s || d;
    if (p === 'month') return (s || d).slice(0, 7);
    if (p === 'year') return (s || d).slice(0, 4);
    return (s || '…') + ' – ' + (d || '…') + (p === 'approximate' ? ' (approx.)' : '');
  }
  function figureText(f) {
    var v = fmtNumber(f.value), lo = fmtNumber(f.value_low), hi = fmtNumber(f.value_high);
    var words = { exact: '', approximate: 'about ', more_than: 'more than ', less_than: 'less than ',
      at_least: 'at least ', at_most: 'at most ' };
    if (f.qualifier === 'range') return 'between ' + lo + ' and ' + hi;
    if (f.qualifier === 'vague') {
      var b = [lo ? 'at least ' + lo : '', hi ? 'at most ' + hi : ''].filter(Boolean).join(', ');
      return 'an unspecified number' + (b ? ' (' + b + ')' : '');
    }
    return (words[f.qualifier] || '') + v;
  }
  function name(id) {
    var kind = KIND[id && id[0]], row = kind && BY[kind][id];
    if (!row) return id || '';
    if (kind === 'actors') return row.name_en;
    if (kind === 'events') return row.summary_en;
    if (kind === 'figures') return figureText(row) + ' ' + row.unit;
    if (kind === 'sources') return row.headline || row.seed_path;
    return id;
  }
  function ref(id, text) {
    return el('button', { 'class': 'link', type: 'button', 'data-ref': id, onclick: function () { select(id, null, true); } },
      el('span', { 'class': 'idref', text: id }), ' ', text === undefined ? name(id) : text);
  }
  function badge(text, cls, title) { return el('span', { 'class': 'badge ' + (cls || ''), title: title || null, text: text }); }

  // ---- tables ------------------------------------------------------------------------------------------
  var COLUMNS = {
    events: [
      ['ID', function (e) { return e.event_id; }, 'id'],
      ['When', function (e) { return when(e) || el('span', { 'class': 'empty', text: 'undated' }); }, 'when', null, function (e) { return (e.date_start || e.date_end || '~') + (e.date_end || ''); }],
      ['Kind', function (e) {
        return [badge(e.status, e.status, label('events', 'status', e.status)),
          el('div', { 'class': 'small', title: label('events', 'event_type', e.event_type), text: e.event_type.replace(/_/g, ' ') })];
      }, null, function (e) { return e.status + ' ' + e.event_type; }],
      ['Summary', function (e) { return e.summary_en; }, 'wide'],
      ['Cites', function (e) { return (CITES[e.event_id] || []).length; }, 'num']],
    actors: [
      ['ID', function (a) { return a.actor_id; }, 'id'],
      ['Name', function (a) { return a.name_en; }, 'wide'],
      ['الاسم', function (a) { return ar('span', a.name_ar); }, null,
        function (a) { return a.name_ar + ' ' + (a.other_names_ar || ''); }],
      ['Type', function (a) { return a.actor_type; }],
      ['Title', function (a) { return a.title_en || ''; }, null, function (a) { return (a.title_en || '') + ' ' + (a.title_ar || ''); }],
      ['Country', function (a) { return a.country || ''; }],
      ['Cites', function (a) { return (CITES[a.actor_id] || []).length; }, 'num']],
    figures: [
      ['ID', function (f) { return f.figure_id; }, 'id'],
      ['Figure', function (f) { return figureText(f) + ' ' + f.unit; }, null, null, function (f) { return f.value === null ? f.value_low : f.value; }],
      ['What is counted', function (f) { return f.counts; }, 'wide'],
      ['Claimed by', function (f) { return f.claimed_by ? name(f.claimed_by) : '(the article)'; }],
      ['Event', function (f) { return f.event_id || ''; }, 'id'],
      ['Cites', function (f) { return (CITES[f.figure_id] || []).length; }, 'num']],
    sources: [
      ['ID', function (s) { return s.source_id; }, 'id'],
      ['Headline', function (s) { return s.headline ? ar('span', s.headline) : el('span', { 'class': 'empty', text: s.seed_path }); },
        null, function (s) { return (s.headline || '') + ' ' + s.seed_path; }],
      ['Outlet', function (s) { return s.outlet_id ? name(s.outlet_id) : 'not stated'; }],
      ['Published', function (s) { return s.published_date || 'not stated'; }],
      ['Cites', function (s) { return (CITES[s.source_id] || []).length; }, 'num']]
  };
  var TABS = [['timeline', 'Timeline'], ['events', 'Events'], ['actors', 'Actors'], ['figures', 'Figures'],
    ['sources', 'Sources']];

  function cellText(v) { return v && v.nodeType ? v.textContent : String(v === null || v === undefined ? '' : v); }

  function buildTable(resource) {
    var cols = COLUMNS[resource], tbody = el('tbody');
    var head = el('tr', null, cols.map(function (c, i) {
      return el('th', { scope: 'col', 'data-col': i, onclick: function () { sortBy(resource, i); } }, c[0]);
    }));
    var table = el('table', { 'class': 'data', id: 'table-' + resource }, el('thead', null, head), tbody);
    var rows = T[resource].map(function (o) {
      var id = o[KEY[resource]];
      var tr = el('tr', { 'data-id': id, tabindex: '0' }, cols.map(function (c) {
        return el('td', { 'class': c[2] || null, lang: null }, c[1](o));
      }));
      tr.addEventListener('click', function () { select(id, null, true); });
      tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') select(id, null, true); });
      var extra = [o.note, o.date_note, o.location_en, o.other_names_ar, o.title_ar, o.counts].filter(Boolean).join(' ');
      tr._search = norm(cols.map(function (c) { return c[3] ? c[3](o) : cellText(c[1](o)); }).join(' ') + ' ' + extra);
      tr._sort = cols.map(function (c) { return c[4] ? c[4](o) : (c[3] ? c[3](o) : cellText(c[1](o))); });
      return tr;
    });
    rows.forEach(function (tr) { tbody.appendChild(tr); });
    TABLES[resource] = { table: table, rows: rows, sortCol: null, asc: true };
    return el('div', { id: 'view-' + resource, 'class': 'view', role: 'tabpanel', hidden: true }, table);
  }

  function sortBy(resource, col) {
    var t = TABLES[resource];
    t.asc = t.sortCol === col ? !t.asc : true;
    t.sortCol = col;
    var rows = t.rows.slice().sort(function (a, b) {
      var x = a._sort[col], y = b._sort[col];
      var n = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
      return t.asc ? n : -n;
    });
    var tbody = t.table.tBodies[0];
    rows.forEach(function (tr) { tbody.appendChild(tr); });
    Array.prototype.forEach.call(t.table.tHead.rows[0].cells, function (th, i) {
      if (i === col) th.setAttribute('aria-sort', t.asc ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
    });
  }

  var activeTab = 'timeline';
  function showTab(name) {
    activeTab = name;
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) {
      b.setAttribute('aria-selected', b.getAttribute('data-tab') === name ? 'true' : 'false');
    });
    Array.prototype.forEach.call(document.querySelectorAll('.view'), function (v) { v.hidden = v.id !== 'view-' + name; });
    document.querySelector('.searchbar').classList.toggle('hidden', name === 'timeline');
    filter();
  }

  function filter() {
    var t = TABLES[activeTab], shown = document.getElementById('shown');
    if (!t) { shown.textContent = ''; return; }
    var terms = norm(document.getElementById('search').value).trim().split(' ').filter(Boolean), n = 0;
    t.rows.forEach(function (tr) {
      var ok = terms.every(function (w) { return tr._search.indexOf(w) !== -1; });
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + t.rows.length + ' shown';
  }

  // ---- the evidence panel ------------------------------------------------------------------------------
  function kv(pairs) {
    var dl = el('dl', { 'class': 'kv' });
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      dl.appendChild(el('dt', { text: p[0] }));
      dl.appendChild(el('dd', { title: p[2] || null }, p[1]));
    });
    return dl;
  }
  function basis(value, b, note) {
    if (b === 'unknown') return el('span', { 'class': 'empty', text: 'not stated' + (note ? ': ' + note : '') });
    return [value, b === 'inferred' ? [' ', badge('inferred', 'inferred', note || '')] : null,
      b === 'inferred' && note ? el('div', { 'class': 'small', text: note }) : null];
  }

  // The fact in English and Arabic side by side (the key fields), then its details below the article.
  function renderFact(kind, o) {
    var box = clear(document.getElementById('fact')), en = [], arabic = [], more = [], related = [];
    var id = o[KEY[kind]];
    if (kind === 'events') {
      en = [['Summary', o.summary_en],
        ['When', [when(o) || 'undated', o.date_basis === 'inferred' ? [' ', badge('inferred', 'inferred', o.date_note)] : null],
          label('events', 'date_precision', o.date_precision)],
        ['Status', [badge(o.status, o.status), ' ', o.event_type], label('events', 'status', o.status)],
        ['Place', o.location_en]];
      arabic = [['المكان', o.location_ar]];
      more = [['Type', o.event_type, label('events', 'event_type', o.event_type)],
        [o.date_basis === 'inferred' ? 'How the date was worked out' : 'Date wording', o.date_note], ['Note', o.note]];
      related.push(['Actors', T.event_actors.filter(function (x) { return x.event_id === id; }).map(function (x) {
        return el('li', null, badge(x.role, '', label('event_actors', 'role', x.role)), ' ', ref(x.actor_id),
          BY.actors[x.actor_id] ? [' ', ar('span', BY.actors[x.actor_id].name_ar)] : null);
      })]);
      related.push(['Figures', T.figures.filter(function (f) { return f.event_id === id; }).map(function (f) {
        return el('li', null, ref(f.figure_id));
      })]);
    } else if (kind === 'actors') {
      en = [['Name', o.name_en], ['Title', o.title_en],
        ['Type', o.actor_type, label('actors', 'actor_type', o.actor_type)]];
      arabic = [['الاسم', o.name_ar], ['الصفة', o.title_ar]];
      more = [['Other names in the articles', o.other_names_ar ? ar('span', o.other_names_ar) : null],
        ['Country', o.country], ['Belongs to', o.affiliation_id ? ref(o.affiliation_id) : null], ['Note', o.note]];
      related.push(['Events', T.event_actors.filter(function (x) { return x.actor_id === id; }).map(function (x) {
        return el('li', null, badge(x.role, '', label('event_actors', 'role', x.role)), ' ', ref(x.event_id));
      })]);
      related.push(['Members', T.actors.filter(function (a) { return a.affiliation_id === id; }).map(function (a) {
        return el('li', null, ref(a.actor_id));
      })]);
      related.push(['Figures claimed', T.figures.filter(function (f) { return f.claimed_by === id; }).map(function (f) {
        return el('li', null, ref(f.figure_id));
      })]);
    } else if (kind === 'figures') {
      var claimant = o.claimed_by && BY.actors[o.claimed_by];
      en = [['Figure', figureText(o) + ' ' + o.unit, label('figures', 'qualifier', o.qualifier)],
        ['What is counted', o.counts], ['Claimed by', o.claimed_by ? ref(o.claimed_by) : 'the article, in its own voice']];
      arabic = [['على لسان', claimant ? claimant.name_ar : null]];
      more = [['Event', o.event_id ? ref(o.event_id) : null], ['Note', o.note]];
    } else if (kind === 'sources') {
      en = [['Outlet', basis(o.outlet_id ? name(o.outlet_id) : '', o.outlet_basis, o.outlet_note)],
        ['Published', basis(o.published_date, o.published_basis, o.published_note)]];
      arabic = [['العنوان', o.headline]];
      more = [['Seed file', el('a', { href: 'seeds/' + o.seed_path, text: 'seeds/' + o.seed_path })],
        ['Headline', o.headline ? basis('as recorded', o.headline_basis, o.headline_note) : null],
        ['Language', o.language], ['SHA-256', el('code', { text: o.sha256 })]];
    }
    box.appendChild(el('h2', null, SINGULAR[kind] + ' ', el('span', { 'class': 'idref', text: id })));
    var arabicPairs = arabic.filter(function (p) { return p[1]; }).map(function (p) { return [p[0], ar('span', p[1])]; });
    box.appendChild(el('div', { 'class': 'sides' },
      el('div', { 'class': 'side', lang: 'en' }, el('h4', { text: 'English' }), kv(en)),
      el('div', { 'class': 'side', lang: 'ar', dir: 'rtl' }, el('h4', { text: 'العربية' }), kv(arabicPairs),
        el('div', { id: 'fact-quote' }))));
    box.hidden = false;
    var details = clear(document.getElementById('details'));
    details.appendChild(el('h3', { text: 'Details' }));
    details.appendChild(kv(more));
    related.forEach(function (r) {
      if (!r[1].length) return;
      details.appendChild(el('h3', { text: r[0] + ' (' + r[1].length + ')' }));
      details.appendChild(el('ul', { 'class': 'related' }, r[1]));
    });
    details.hidden = false;
  }

  function renderCitations(cites, activeId, sourceView) {
    var box = clear(document.getElementById('citations'));
    box.appendChild(el('h3', { text: (sourceView ? 'Quoted in this article' : 'Citations') + ' (' + cites.length + ')' }));
    if (!cites.length) box.appendChild(el('p', { 'class': 'empty', text: 'No citation.' }));
    var list = el('ol', { 'class': 'cites' });
    cites.forEach(function (c) {
      var where = c.citation_id + ' · ' + c.source_id + ' · line ' + c.line + ', column ' + c.column +
        (c.match === 'folded' ? ' · found after folding' : '') + (sourceView ? ' · supports ' + subjectOf(c) : '');
      var button = el('button', { 'class': 'cite', type: 'button', 'data-citation': c.citation_id,
        onclick: function () { sourceView ? select(subjectOf(c), c.citation_id, true) : showCitation(c, cites); } },
      el('span', { 'class': 'where', text: where }),
      el('span', { 'class': 'quote', lang: 'ar', dir: 'rtl', text: '«' + c.quote + '»' }),
      c.note ? el('span', { 'class': 'small', text: c.note }) : null);
      list.appendChild(el('li', { 'data-citation': c.citation_id, 'class': c.citation_id === activeId ? 'active' : null }, button));
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function showCitation(c, sameFact) {
    Array.prototype.forEach.call(document.querySelectorAll('#citations li'), function (li) {
      li.classList.toggle('active', li.getAttribute('data-citation') === c.citation_id);
    });
    var slot = document.getElementById('fact-quote');
    if (slot) add(clear(slot), kv([['النص (' + c.citation_id + ')', el('q', { 'class': 'quote', text: c.quote })]]));
    renderSource(c.source_id, (sameFact || []).filter(function (x) { return x.source_id === c.source_id; }), c);
    setHash(c.citation_id);
  }

  // The article with the given citations marked; `active` is highlighted and scrolled to.
  function renderSource(sourceId, cites, active) {
    var box = clear(document.getElementById('source')), s = BY.sources[sourceId], cps = codePoints(sourceId);
    box.appendChild(el('h3', { text: 'The article' }));
    box.appendChild(el('div', { 'class': 'sourcehead' },
      el('div', null, ref(sourceId, '')),
      s && s.headline ? ar('div', s.headline) : null,
      el('div', { 'class': 'small' }, el('a', { href: 'seeds/' + (s ? s.seed_path : ''), text: 'seeds/' + (s ? s.seed_path : '') }),
        active ? ' · the highlighted words are code points ' + active.char_start + '–' + active.char_end +
          ', line ' + active.line + ', column ' + active.column : '')));
    var bad = cites.filter(function (c) { return quoteAt(c) !== c.quote; });
    if (bad.length) {
      box.appendChild(el('p', { 'class': 'warning', text: 'The text at the recorded position differs from the quote for ' +
        bad.map(function (c) { return c.citation_id; }).join(', ') + '.' }));
    }
    var bounds = [0, cps.length];
    cites.forEach(function (c) { bounds.push(c.char_start, c.char_end); });
    bounds = bounds.filter(function (b, i, a) { return a.indexOf(b) === i && b >= 0 && b <= cps.length; })
      .sort(function (a, b) { return a - b; });
    var article = el('div', { 'class': 'article', lang: 'ar', dir: 'rtl', id: 'article' });
    for (var i = 0; i + 1 < bounds.length; i++) {
      var a = bounds[i], b = bounds[i + 1], text = cps.slice(a, b).join('');
      var covering = cites.filter(function (c) { return c.char_start <= a && c.char_end >= b; });
      if (!covering.length) { article.appendChild(document.createTextNode(text)); continue; }
      var isActive = active && covering.indexOf(active) !== -1;
      var target = isActive ? active : covering[0];
      var mark = el('mark', { 'class': isActive ? 'active' : null, 'data-citation': target.citation_id,
        title: covering.map(function (c) { return c.citation_id + ' → ' + subjectOf(c) + ' ' + name(subjectOf(c)); }).join('\n'),
        text: text });
      if (!isActive) mark.addEventListener('click', clickMark(target));
      article.appendChild(mark);
    }
    box.appendChild(article);
    box.hidden = false;
    var first = article.querySelector('mark.active');
    if (first) article.scrollTop = Math.max(0, first.offsetTop - article.clientHeight / 3);
  }
  function clickMark(c) { return function () { select(subjectOf(c), c.citation_id, true); }; }

  var lastHash = null;
  function setHash(id) {
    lastHash = id;
    try { history.replaceState(null, '', '#' + id); } catch (e) { /* some browsers refuse on file: pages */ }
  }

  function select(id, citationId, fromUser) {
    var kind = KIND[id && id[0]];
    if (kind === 'citations') {
      var c = BY.citations[id];
      if (c) select(subjectOf(c), id, fromUser); else notFound(id);
      return;
    }
    var o = kind && BY[kind][id];
    if (!o) { notFound(id); return; }
    document.getElementById('intro').hidden = true;
    document.body.setAttribute('data-selected', id);
    Array.prototype.forEach.call(document.querySelectorAll('[data-id]'), function (n) {
      n.classList.toggle('selected', n.getAttribute('data-id') === id);
    });
    renderFact(kind, o);
    var cites = CITES[id] || [];
    if (kind === 'sources') {
      renderCitations(cites, null, true);
      renderSource(id, cites, null);
      setHash(id);
    } else {
      var active = (citationId && BY.citations[citationId]) || cites[0];
      renderCitations(cites, active && active.citation_id, false);
      if (active) showCitation(active, cites); else { clear(document.getElementById('source')).hidden = true; setHash(id); }
    }
    if (!fromUser && activeTab !== kind && TABLES[kind]) showTab(kind);
    var row = document.querySelector('#view-' + activeTab + ' [data-id="' + id + '"]');
    if (!fromUser && row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    if (fromUser && window.matchMedia && window.matchMedia('(max-width: 900px)').matches) {
      document.getElementById('evidence').scrollIntoView();
    }
    document.getElementById('evidence').scrollTop = 0;
  }

  function notFound(id) {
    var box = clear(document.getElementById('fact'));
    box.appendChild(el('p', { 'class': 'warning', text: 'No event, actor, figure, source or citation has the ID ' + id + '.' }));
    box.hidden = false;
  }

  function fromLocation() {
    var wanted = null;
    try { wanted = new URLSearchParams(location.search).get('select'); } catch (e) { wanted = null; }
    var hash = decodeURIComponent((location.hash || '').replace(/^#/, ''));
    return hash || wanted;
  }

  // ---- start ---------------------------------------------------------------------------------------------
  var tabs = document.getElementById('tabs'), views = document.getElementById('views');
  TABS.forEach(function (t) {
    var count = T[t[0]] ? ' (' + T[t[0]].length + ')' : '';
    tabs.appendChild(el('button', { type: 'button', role: 'tab', 'data-tab': t[0], text: t[1] + count,
      onclick: function () { showTab(t[0]); } }));
    if (COLUMNS[t[0]]) views.appendChild(buildTable(t[0]));
  });
  Array.prototype.forEach.call(document.querySelectorAll('.timeline .event'), function (g) {
    g.addEventListener('click', function () { select(g.getAttribute('data-id'), null, true); });
  });
  document.getElementById('search').addEventListener('input', filter);
  var mismatches = T.citations.filter(function (c) { return quoteAt(c) !== c.quote; }).length;
  document.body.setAttribute('data-offset-mismatches', String(mismatches));
  document.getElementById('facts').textContent = [T.events.length + ' events', T.actors.length + ' actors',
    T.figures.length + ' figures', T.citations.length + ' citations quoting ' + T.sources.length + ' articles'].join(' · ') +
    (mismatches ? ' — WARNING: ' + mismatches + ' quotes do not match their position' : '');
  showTab('timeline');
  var first = fromLocation();
  if (first) select(first, null, false);
  window.addEventListener('hashchange', function () {
    var id = fromLocation();
    if (id && id !== lastHash) select(id, null, false);
  });
  document.body.setAttribute('data-ready', 'true');
})();
