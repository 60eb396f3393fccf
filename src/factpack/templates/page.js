// The package's data in one offline page: browse its tables and see every fact's citations with the quoted
// words highlighted in their source. Everything about the tables (which to show, their IDs, titles, dates,
// links) comes from the model in the data block; the date texts and the folded search texts are made by the
// build (Python), and the query is folded with the same table. Text is only ever set as text, never as HTML.
// Offsets (char_start, char_end) are Unicode code points, so sources are split with Array.from.
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('factpack-data').textContent);
  var M = DATA.model, INFO = {}, T = {}, BY = {}, CITES = {}, CODEPOINTS = {}, VIEWS = {};
  M.tables.forEach(function (t) { INFO[t.name] = t; });
  var CIT = M.citations, SRC = M.sources;

  Object.keys(DATA.tables).forEach(function (name) {
    var t = DATA.tables[name], id = INFO[name].id;
    T[name] = t.rows.map(function (r, i) {
      var o = {};
      t.columns.forEach(function (c, k) { o[c] = r[k]; });
      Object.defineProperty(o, '_i', { value: i });
      return o;
    });
    BY[name] = {};
    if (id) T[name].forEach(function (o) { BY[name][o[id]] = o; });
  });
  if (CIT) {
    T[CIT.table].forEach(function (c) {
      [subjectOf(c), c[CIT.source]].forEach(function (id) { if (id) (CITES[id] = CITES[id] || []).push(c); });
    });
  }

  function subjectOf(c) {
    var found = null;
    Object.keys(CIT.subjects).forEach(function (f) { if (c[f]) found = c[f]; });
    return found;
  }
  function tableOf(id) {
    var found = null;
    M.tables.forEach(function (t) { if (!found && t.id && BY[t.name][id]) found = t.name; });
    return found;
  }
  function codePoints(sourceId) {
    if (!CODEPOINTS[sourceId]) CODEPOINTS[sourceId] = Array.from(DATA.seeds[sourceId] || '');
    return CODEPOINTS[sourceId];
  }
  function quoteAt(c) { return codePoints(c[CIT.source]).slice(c.char_start, c.char_end).join(''); }
  // The search folding of the build (Python), character by character, from the table it hands over.
  function fold(s) {
    return Array.from(String(s)).map(function (c) { return DATA.fold[c] !== undefined ? DATA.fold[c] : c; })
      .join('').replace(/\s+/g, ' ').trim();
  }

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
  function auto(tag, text) { return el(tag, { dir: 'auto', text: text }); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function fieldOf(table, name) { return (DATA.schemas[table] || {})[name] || {}; }
  function label(table, name, value) {
    var f = fieldOf(table, name);
    return f.categories && f.categories[value] ? f.categories[value] : '';
  }
  function shown(table, name, value) {
    if (value === null || value === undefined || value === '') return '';
    var f = fieldOf(table, name);
    if (f.type === 'number') return Number(value).toLocaleString('en-US', { maximumFractionDigits: 6 });
    return String(value);
  }
  function title(id) {
    var name = tableOf(id), info = INFO[name], row = name && BY[name][id];
    if (!row) return '';
    if (info.title && row[info.title]) return row[info.title];
    return '';
  }
  function ref(id, text) {
    return el('button', { 'class': 'link', type: 'button', 'data-ref': id, onclick: function () { select(id, null, true); } },
      el('span', { 'class': 'idref', text: id }), ' ', auto('span', text === undefined ? title(id) : text));
  }
  function badge(table, name, value) {
    var f = fieldOf(table, name), order = f.categories ? Object.keys(f.categories) : [];
    var i = name === (INFO[table] || {}).status ? order.indexOf(value) : -1;
    return el('span', { 'class': 'badge' + (i >= 0 ? ' s' + (i % 8) : ''), title: label(table, name, value) || null,
      text: String(value).replace(/_/g, ' ') });
  }
  // A value as the page shows it: a link for a reference, a badge for a closed list, text otherwise.
  function value(table, name, v) {
    if (v === null || v === undefined || v === '') return null;
    var info = INFO[table];
    if (info.fks[name] || info.references[name]) return tableOf(v) ? ref(v) : auto('span', v);
    if (fieldOf(table, name).categories) return badge(table, name, v);
    return auto('span', shown(table, name, v));
  }

  // ---- tables ------------------------------------------------------------------------------------------
  function columns(name) {
    var info = INFO[name], cols = [[info.id, function (o) { return o[info.id]; }, 'id']];
    if (DATA.when[name]) cols.push(['when', function (o) {
      return DATA.when[name][o._i] || el('span', { 'class': 'empty', text: 'undated' });
    }, 'when', function (o) { return DATA.when[name][o._i] || '~'; }]);
    info.listed.forEach(function (f, k) {
      cols.push([f, function (o) { return value(name, f, o[f]) || ''; }, k === 0 ? 'wide' : null,
        function (o) { return o[f] === null ? '' : String(o[f]); }]);
    });
    if (CIT) cols.push(['cites', function (o) { return (CITES[o[info.id]] || []).length; }, 'num',
      function (o) { return (CITES[o[info.id]] || []).length; }]);
    return cols;
  }
  function cellText(v) { return v && v.nodeType ? v.textContent : String(v === null || v === undefined ? '' : v); }

  function buildTable(name) {
    var cols = columns(name), tbody = el('tbody'), info = INFO[name];
    var head = el('tr', null, cols.map(function (c, i) {
      return el('th', { scope: 'col', 'data-col': i, onclick: function () { sortBy(name, i); } }, c[0]);
    }));
    var table = el('table', { 'class': 'data', id: 'table-' + name }, el('thead', null, head), tbody);
    var rows = T[name].map(function (o) {
      var id = o[info.id];
      var tr = el('tr', { 'data-id': id, tabindex: '0' }, cols.map(function (c) { return el('td', { 'class': c[2] || null }, c[1](o)); }));
      tr.addEventListener('click', function () { select(id, null, true); });
      tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') select(id, null, true); });
      tr._search = DATA.search[name][o._i];
      tr._sort = cols.map(function (c) { return c[3] ? c[3](o) : cellText(c[1](o)); });
      return tr;
    });
    rows.forEach(function (tr) { tbody.appendChild(tr); });
    VIEWS[name] = { table: table, rows: rows, sortCol: null, asc: true };
    return el('div', { id: 'view-' + name, 'class': 'view', role: 'tabpanel', hidden: true }, table);
  }

  function sortBy(name, col) {
    var t = VIEWS[name];
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

  var activeTab = M.dated ? 'timeline' : M.browse[0];
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
    var t = VIEWS[activeTab], out = document.getElementById('shown');
    if (!t) { out.textContent = ''; return; }
    var terms = fold(document.getElementById('search').value).split(' ').filter(Boolean), n = 0;
    t.rows.forEach(function (tr) {
      var ok = terms.every(function (w) { return tr._search.indexOf(w) !== -1; });
      tr.hidden = !ok;
      if (ok) n++;
    });
    out.textContent = n + ' of ' + t.rows.length + ' shown';
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

  // The fact: its title and date, every field, then what refers to it.
  function renderFact(name, o) {
    var box = clear(document.getElementById('fact')), info = INFO[name], id = o[info.id];
    box.appendChild(el('h2', null, info.noun[0].charAt(0).toUpperCase() + info.noun[0].slice(1) + ' ',
      el('span', { 'class': 'idref', text: id })));
    var head = [];
    if (info.title && o[info.title]) head.push([info.title, auto('span', o[info.title])]);
    if (DATA.when[name]) head.push(['when', DATA.when[name][o._i] || el('span', { 'class': 'empty', text: 'undated' })]);
    box.appendChild(el('div', { 'class': 'side' }, kv(head), el('div', { id: 'fact-quote' })));
    box.hidden = false;
    var details = clear(document.getElementById('details'));
    details.appendChild(el('h3', { text: 'Details' }));
    details.appendChild(kv(Object.keys(o).filter(function (f) { return f !== info.id && f !== info.title; })
      .map(function (f) { return [f, value(name, f, o[f]), fieldOf(name, f).description]; })));
    M.tables.forEach(function (t) {
      Object.keys(t.fks).concat(Object.keys(t.references)).forEach(function (f) {
        if (CIT && t.name === CIT.table && CIT.subjects[f]) return;  // the citations are listed on their own
        var pointing = (t.fks[f] === name || (t.references[f] || []).indexOf(name) !== -1);
        if (!pointing) return;
        var rows = T[t.name].filter(function (r) { return r[f] === id; });
        if (!rows.length) return;
        details.appendChild(el('h3', { text: t.name + ' · ' + f + ' (' + rows.length + ')' }));
        details.appendChild(el('ul', { 'class': 'related' }, rows.map(function (r) {
          if (t.id) return el('li', null, ref(r[t.id]));
          return el('li', null, Object.keys(r).filter(function (g) { return g !== f; }).map(function (g) {
            return [value(t.name, g, r[g]), ' '];
          }));
        })));
      });
    });
    details.hidden = false;
  }

  function renderCitations(cites, activeId, sourceView) {
    var box = clear(document.getElementById('citations'));
    box.appendChild(el('h3', { text: (sourceView ? 'Quoted in this source' : 'Citations') + ' (' + cites.length + ')' }));
    if (!cites.length) box.appendChild(el('p', { 'class': 'empty', text: 'No citation.' }));
    var list = el('ol', { 'class': 'cites' }), key = INFO[CIT.table].id;
    cites.forEach(function (c) {
      var where = c[key] + ' · ' + c[CIT.source] + ' · line ' + c.line + ', column ' + c.column +
        (c.match === 'folded' ? ' · found after folding' : '') + (sourceView ? ' · supports ' + subjectOf(c) : '');
      var button = el('button', { 'class': 'cite', type: 'button', 'data-citation': c[key],
        onclick: function () { sourceView ? select(subjectOf(c), c[key], true) : showCitation(c, cites); } },
      el('span', { 'class': 'where', text: where }),
      el('span', { 'class': 'quote', lang: language(c[CIT.source]), dir: direction(c[CIT.source]), text: '«' + c[CIT.quote] + '»' }),
      extra(c));
      list.appendChild(el('li', { 'data-citation': c[key], 'class': c[key] === activeId ? 'active' : null }, button));
    });
    box.appendChild(list);
    box.hidden = false;
  }
  // A citation's own fields beyond its place (a claimant, a stance, a note), as small text.
  function extra(c) {
    var skip = [INFO[CIT.table].id, CIT.source, CIT.quote, 'occurrence', 'char_start', 'char_end', 'match', 'line',
      'column', 'prefix', 'suffix'].concat(Object.keys(CIT.subjects));
    var parts = Object.keys(c).filter(function (f) { return skip.indexOf(f) === -1 && c[f] !== null && c[f] !== ''; });
    if (!parts.length) return null;
    return el('span', { 'class': 'small' }, parts.map(function (f) { return [f + ': ', value(CIT.table, f, c[f]), ' ']; }));
  }
  function language(sourceId) { return (DATA.languages || {})[sourceId] || null; }
  function direction(sourceId) { return (DATA.directions || {})[sourceId] || 'auto'; }

  function showCitation(c, sameFact) {
    var key = INFO[CIT.table].id;
    Array.prototype.forEach.call(document.querySelectorAll('#citations li'), function (li) {
      li.classList.toggle('active', li.getAttribute('data-citation') === c[key]);
    });
    var slot = document.getElementById('fact-quote');
    if (slot) add(clear(slot), kv([['quote (' + c[key] + ')', el('q', { 'class': 'quote', lang: language(c[CIT.source]),
      dir: direction(c[CIT.source]), text: c[CIT.quote] })]]));
    renderSource(c[CIT.source], (sameFact || []).filter(function (x) { return x[CIT.source] === c[CIT.source]; }), c);
    setHash(c[key]);
  }

  // The source with the given citations marked; `active` is highlighted and scrolled to.
  function renderSource(sourceId, cites, active) {
    var box = clear(document.getElementById('source')), s = BY[SRC.table][sourceId], cps = codePoints(sourceId);
    var key = INFO[CIT.table].id, file = s ? 'seeds/' + s[SRC.seed] : '';
    box.appendChild(el('h3', { text: 'The source' }));
    box.appendChild(el('div', { 'class': 'sourcehead' },
      el('div', null, ref(sourceId)),
      el('div', { 'class': 'small' }, el('a', { href: file, text: file }),
        active ? ' · the highlighted words are code points ' + active.char_start + '–' + active.char_end +
          ', line ' + active.line + ', column ' + active.column : '')));
    var bad = cites.filter(function (c) { return quoteAt(c) !== c[CIT.quote]; });
    if (bad.length) {
      box.appendChild(el('p', { 'class': 'warning', text: 'The text at the recorded position differs from the quote for ' +
        bad.map(function (c) { return c[key]; }).join(', ') + '.' }));
    }
    var bounds = [0, cps.length];
    cites.forEach(function (c) { bounds.push(c.char_start, c.char_end); });
    bounds = bounds.filter(function (b, i, a) { return a.indexOf(b) === i && b >= 0 && b <= cps.length; })
      .sort(function (a, b) { return a - b; });
    var article = el('div', { 'class': 'article', lang: language(sourceId), dir: direction(sourceId), id: 'article' });
    for (var i = 0; i + 1 < bounds.length; i++) {
      var a = bounds[i], b = bounds[i + 1], text = cps.slice(a, b).join('');
      var covering = cites.filter(function (c) { return c.char_start <= a && c.char_end >= b; });
      if (!covering.length) { article.appendChild(document.createTextNode(text)); continue; }
      var isActive = active && covering.indexOf(active) !== -1;
      var target = isActive ? active : covering[0];
      var mark = el('mark', { 'class': isActive ? 'active' : null, 'data-citation': target[key],
        title: covering.map(function (c) { return c[key] + ' → ' + subjectOf(c) + ' ' + title(subjectOf(c)); }).join('\n'),
        text: text });
      if (!isActive) mark.addEventListener('click', clickMark(target));
      article.appendChild(mark);
    }
    box.appendChild(article);
    box.hidden = false;
    var first = article.querySelector('mark.active');
    if (first) article.scrollTop = Math.max(0, first.offsetTop - article.clientHeight / 3);
  }
  function clickMark(c) { return function () { select(subjectOf(c), c[INFO[CIT.table].id], true); }; }

  var lastHash = null;
  function setHash(id) {
    lastHash = id;
    try { history.replaceState(null, '', '#' + id); } catch (e) { /* some browsers refuse on file: pages */ }
  }

  function select(id, citationId, fromUser) {
    var name = tableOf(id);
    if (CIT && name === CIT.table) {
      var c = BY[CIT.table][id];
      if (c) select(subjectOf(c), id, fromUser); else notFound(id);
      return;
    }
    var o = name && BY[name][id];
    if (!o) { notFound(id); return; }
    document.getElementById('intro').hidden = true;
    document.body.setAttribute('data-selected', id);
    Array.prototype.forEach.call(document.querySelectorAll('[data-id]'), function (n) {
      n.classList.toggle('selected', n.getAttribute('data-id') === id);
    });
    renderFact(name, o);
    var cites = CITES[id] || [];
    if (SRC && name === SRC.table) {
      renderCitations(cites, null, true);
      renderSource(id, cites, null);
      setHash(id);
    } else if (CIT) {
      var active = (citationId && BY[CIT.table][citationId]) || cites[0];
      renderCitations(cites, active && active[INFO[CIT.table].id], false);
      if (active) showCitation(active, cites); else { clear(document.getElementById('source')).hidden = true; setHash(id); }
    }
    if (!fromUser && activeTab !== name && VIEWS[name]) showTab(name);
    var row = document.querySelector('#view-' + activeTab + ' [data-id="' + id + '"]');
    if (!fromUser && row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    if (fromUser && window.matchMedia && window.matchMedia('(max-width: 900px)').matches) {
      document.getElementById('evidence').scrollIntoView();
    }
    document.getElementById('evidence').scrollTop = 0;
  }

  function notFound(id) {
    var box = clear(document.getElementById('fact'));
    box.appendChild(el('p', { 'class': 'warning', text: 'No record has the ID ' + id + '.' }));
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
  (M.dated ? [['timeline', 'Timeline']] : []).concat(M.browse.map(function (n) {
    return [n, INFO[n].noun[1].charAt(0).toUpperCase() + INFO[n].noun[1].slice(1) + ' (' + T[n].length + ')'];
  })).forEach(function (t) {
    tabs.appendChild(el('button', { type: 'button', role: 'tab', 'data-tab': t[0], text: t[1],
      onclick: function () { showTab(t[0]); } }));
    if (t[0] !== 'timeline') views.appendChild(buildTable(t[0]));
  });
  if (!M.dated) document.getElementById('view-timeline').remove();
  Array.prototype.forEach.call(document.querySelectorAll('.timeline .event'), function (g) {
    g.addEventListener('click', function () { select(g.getAttribute('data-id'), null, true); });
  });
  document.getElementById('search').addEventListener('input', filter);
  var mismatches = CIT ? T[CIT.table].filter(function (c) { return c.char_start !== null && quoteAt(c) !== c[CIT.quote]; }).length : 0;
  document.body.setAttribute('data-offset-mismatches', String(mismatches));
  document.getElementById('facts').textContent = M.browse.map(function (n) { return T[n].length + ' ' + INFO[n].noun[1]; })
    .concat(CIT ? [T[CIT.table].length + ' citations'] : []).join(' · ') +
    (mismatches ? ' — WARNING: ' + mismatches + ' quotes do not match their position' : '');
  showTab(activeTab);
  var first = fromLocation();
  if (first) select(first, null, false);
  window.addEventListener('hashchange', function () {
    var id = fromLocation();
    if (id && id !== lastHash) select(id, null, false);
  });
  document.body.setAttribute('data-ready', 'true');
})();
