"""The review page's inline style sheet and script, kept apart from the Python that fills the page.

`wpx show` writes both into the page verbatim: nothing is fetched, so the file opens offline.
"""

STYLE = """
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fafafa;
 display:flex;flex-direction:column}
header{padding:8px 16px;background:#263238;color:#eceff1;flex:none}
header h1{margin:0 0 2px;font-size:17px}
header .meta{font-size:12.5px;opacity:.85}
.bar{margin-top:6px;font-size:13px;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.bar label{cursor:pointer;white-space:nowrap}
.bar input[type=search]{font:inherit;padding:1px 6px;width:16em}
.bar button,#detail button{font:inherit;font-size:12.5px;cursor:pointer}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(420px,5fr) minmax(480px,6fr)}
#text{font:inherit;margin:0;padding:14px 18px;overflow:auto;white-space:pre-wrap;word-break:break-all;background:#fff;border-right:1px solid #ddd;
 min-height:0}
#side{display:flex;flex-direction:column;min-height:0;min-width:0}
#detail{flex:none;max-height:45%;overflow:auto;background:#fff;border-bottom:2px solid #90a4ae;padding:6px 10px;font-size:12.5px;display:none}
#detail.open{display:block}
#detail table{width:100%}
#detail td{padding:1px 4px;border-bottom:1px solid #eee}
#detail td.k{color:#555;white-space:nowrap;width:8em}
#detail input{font:inherit;width:100%;padding:0 3px;border:1px solid #ccc}
#detail input.changed{background:#fff3e0;border-color:#ff6f00}
#detail .actions{margin:4px 0;display:flex;gap:6px;flex-wrap:wrap}
#tablebox{flex:1;min-height:0;overflow:auto}
#records{border-collapse:collapse;width:100%;font-size:12.5px}
#records th,#records td{padding:2px 5px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
#records th{position:sticky;top:0;background:#eceff1;z-index:1;cursor:pointer;white-space:nowrap;user-select:none}
#records th.asc::after{content:" ▲"}#records th.desc::after{content:" ▼"}
#records td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.rec{cursor:pointer}
tr.rec:hover{background:#fff8e1}
tr.rec.selected{background:#ffe082}
tr.rec.v-right td:first-child{color:#2e7d32}
tr.rec.v-wrong td:first-child,tr.rec.v-fixed td:first-child{color:#c62828}
a.jump{color:#1565c0;cursor:pointer;text-decoration:underline}
mark{border-radius:2px;padding:0 1px;cursor:pointer;color:inherit}
mark mark{padding:0}
.wpx-quantity{background:#c8e6c9}
.wpx-quantity.role-growth,.wpx-quantity.role-delta{background:#a5d6a7;box-shadow:inset 0 -2px #2e7d32}
.wpx-quantity.role-share{background:#dcedc8}
.wpx-date{background:#bbdefb}
.wpx-ranking{background:#ffe0b2}
.wpx-document_ref{background:#e1bee7}
.wpx-agency{background:transparent;box-shadow:inset 0 -2px #f06292}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
mark.flash{outline:3px solid #ff6f00}
body.hide-quantity .wpx-quantity,body.hide-date .wpx-date,body.hide-ranking .wpx-ranking,
body.hide-document_ref .wpx-document_ref,body.hide-agency .wpx-agency{background:none;box-shadow:none}
.audit{padding:4px 16px;background:#fff3e0;font-size:12.5px;flex:none;max-height:8em;overflow:auto}
.audit ul{margin:0}
#export-text{display:none;width:100%;height:6em;font:11px monospace}
#export-text.open{display:block}
"""

SCRIPT = r"""
(function(){
  var records = JSON.parse(document.getElementById('wpx-records').textContent);
  var info = JSON.parse(document.getElementById('wpx-document').textContent);
  var byId = {};
  records.forEach(function(r, i){ r._order = i; byId[r.id] = r; });
  // Fields a reviewer judges, per record type (of and parent are ids of other records).
  var JUDGED = {
    quantity: ['value','value_max','unit','approx','role','kind','currency','metric','metric_key','agency','agency_basis','subject','period','period_type','of','parent'],
    ranking: ['rank','scope','metric','metric_key','agency','agency_basis','subject','period','period_type'],
    date: ['value','value_end','granularity','qualifier'],
    document_ref: ['title','doc_number','abbreviation'],
    agency: ['name','kind','parent_agency']
  };
  var NUMERIC = {value: 1, value_max: 1, rank: 1};
  var KEY = 'wpx-corrections-' + info.sha256;
  var state = {};
  try { state = JSON.parse(localStorage.getItem(KEY) || '{}') || {}; } catch (e) { state = {}; }
  function save(){ try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) {} refreshCount(); }

  function linked(id){ var t = byId[id]; return t ? t.text : id; }
  function valueOf(r){
    if (r.type === 'quantity') return r.value == null ? '' : (r.value_max == null ? r.value : r.value + '–' + r.value_max);
    if (r.type === 'date') return r.value_end ? r.value + '/' + r.value_end : r.value;
    if (r.type === 'ranking') return r.rank == null ? r.rank_text : r.rank;
    if (r.type === 'document_ref') return r.doc_number || r.title || '';
    if (r.type === 'agency') return r.name;
    return '';
  }
  function agencyOf(r){ return r.agency ? r.agency + (r.agency_basis ? ' (' + r.agency_basis + ')' : '') : ''; }
  function periodOf(r){ return r.period ? r.period + (r.period_type ? ' ' + r.period_type : '') : (r.period_type || ''); }
  // Columns: label, cell text, sort key, class.
  var COLS = [
    ['✓', function(r){ var s = state[r.id]; return s ? (s.verdict === 'wrong' ? '✗' : (s.fields && Object.keys(s.fields).length ? '✎' : (s.verdict === 'right' ? '✓' : ''))) : ''; }],
    ['type', function(r){ return r.type; }],
    ['text', function(r){ return r.text; }],
    ['value', valueOf, 'num'],
    ['unit', function(r){ return r.unit || ''; }],
    ['approx', function(r){ return r.approx || ''; }],
    ['role', function(r){ return r.role || ''; }],
    ['metric', function(r){ return r.metric_key || r.metric || ''; }],
    ['agency', agencyOf],
    ['subject', function(r){ return r.subject || ''; }],
    ['period', periodOf],
    ['currency', function(r){ return r.currency || ''; }],
    ['of', function(r){ return r.of ? linked(r.of) : ''; }, 'link:of'],
    ['parent', function(r){ return r.parent ? linked(r.parent) : ''; }, 'link:parent']
  ];
  var head = document.getElementById('records-head');
  var body = document.getElementById('records-body');
  var rows = {};
  COLS.forEach(function(col, i){
    var th = document.createElement('th'); th.textContent = col[0]; th.setAttribute('data-col', String(i));
    th.addEventListener('click', function(){ sortBy(i, th); });
    head.appendChild(th);
  });
  function fillRow(tr, r){
    tr.textContent = '';
    COLS.forEach(function(col){
      var td = document.createElement('td');
      var text = col[1](r);
      if (col[2] && col[2].indexOf('link:') === 0 && text) {
        var a = document.createElement('a'); a.className = 'jump'; a.textContent = text;
        var target = r[col[2].slice(5)];
        a.setAttribute('data-jump', target);
        a.addEventListener('click', function(ev){ ev.stopPropagation(); select(target, true); });
        td.appendChild(a);
      } else {
        td.textContent = text == null ? '' : String(text);
      }
      if (col[2] === 'num') td.className = 'num';
      tr.appendChild(td);
    });
    var s = state[r.id];
    tr.classList.toggle('v-right', !!s && s.verdict === 'right' && !(s.fields && Object.keys(s.fields).length));
    tr.classList.toggle('v-wrong', !!s && s.verdict === 'wrong');
    tr.classList.toggle('v-fixed', !!s && !!s.fields && Object.keys(s.fields).length > 0);
  }
  records.forEach(function(r){
    var tr = document.createElement('tr');
    tr.className = 'rec wpx-row-' + r.type;
    tr.setAttribute('data-id', r.id);
    tr.setAttribute('data-type', r.type);
    fillRow(tr, r);
    tr.addEventListener('click', function(){ select(r.id, true); });
    body.appendChild(tr);
    rows[r.id] = tr;
  });

  // Filtering: the type menu, the legend's checkboxes and the search box together.
  var typeMenu = document.getElementById('type-filter');
  var search = document.getElementById('search');
  function hiddenTypes(){
    var out = {};
    document.querySelectorAll('.legend input').forEach(function(box){ if (!box.checked) out[box.value] = true; });
    return out;
  }
  function applyFilter(){
    var hide = hiddenTypes(), only = typeMenu.value, q = search.value.trim().toLowerCase(), shown = 0;
    records.forEach(function(r){
      var ok = !hide[r.type] && (!only || r.type === only);
      if (ok && q) {
        var hay = COLS.map(function(c){ return String(c[1](r) || ''); }).join(' ') + ' ' + r.id + ' ' + (r.metric || '');
        ok = hay.toLowerCase().indexOf(q) >= 0;
      }
      rows[r.id].style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    document.getElementById('shown-count').textContent = String(shown);
  }
  document.querySelectorAll('.legend input').forEach(function(box){
    box.addEventListener('change', function(){ document.body.classList.toggle('hide-' + box.value, !box.checked); applyFilter(); });
  });
  typeMenu.addEventListener('change', applyFilter);
  search.addEventListener('input', applyFilter);

  var sortState = {col: -1, dir: 1};
  function sortBy(i, th){
    sortState.dir = sortState.col === i ? -sortState.dir : 1;
    sortState.col = i;
    head.querySelectorAll('th').forEach(function(h){ h.classList.remove('asc', 'desc'); });
    th.classList.add(sortState.dir > 0 ? 'asc' : 'desc');
    var col = COLS[i];
    var sorted = records.slice().sort(function(a, b){
      var x = col[1](a), y = col[1](b);
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (col[2] === 'num' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y), 'zh');
      return (c || a._order - b._order) * sortState.dir;
    });
    sorted.forEach(function(r){ body.appendChild(rows[r.id]); });
  }

  // Selection: a span or a row selects the record, marks its spans and scrolls both panes.
  var detail = document.getElementById('detail');
  var selected = null;
  function select(id, scrollText){
    var r = byId[id]; if (!r) return;
    selected = id;
    document.querySelectorAll('tr.rec.selected').forEach(function(t){ t.classList.remove('selected'); });
    var tr = rows[id];
    if (tr.style.display === 'none') { search.value = ''; typeMenu.value = '';
      document.querySelectorAll('.legend input').forEach(function(b){ if (b.value === r.type && !b.checked) { b.checked = true; document.body.classList.remove('hide-' + b.value); } });
      applyFilter(); }
    tr.classList.add('selected');
    showDetail(r);
    var box = document.getElementById('tablebox');
    box.scrollTop = tr.offsetTop - box.clientHeight / 2;
    var marks = document.querySelectorAll('mark[data-id="' + id.replace(/"/g, '') + '"]');
    document.querySelectorAll('mark.flash').forEach(function(m){ m.classList.remove('flash'); });
    marks.forEach(function(m){ m.classList.add('flash'); });
    if (scrollText && marks.length) {
      var pane = document.getElementById('text');
      pane.scrollTop += marks[0].getBoundingClientRect().top - pane.getBoundingClientRect().top - pane.clientHeight / 2;
    }
  }
  function show(v){ return v == null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); }
  function showDetail(r){
    var s = state[r.id] || {};
    var fields = JUDGED[r.type] || [];
    var tbl = document.getElementById('detail-fields');
    tbl.textContent = '';
    document.getElementById('detail-title').textContent = r.type + ' ' + r.id + ' · ' + r.text;
    fields.forEach(function(f){
      var tr = document.createElement('tr');
      var k = document.createElement('td'); k.className = 'k'; k.textContent = f; tr.appendChild(k);
      var cur = document.createElement('td');
      if ((f === 'of' || f === 'parent') && r[f]) {
        var a = document.createElement('a'); a.className = 'jump'; a.textContent = linked(r[f]); a.title = r[f];
        a.addEventListener('click', function(){ select(r[f], true); });
        cur.appendChild(a);
      } else { cur.textContent = show(r[f]); }
      tr.appendChild(cur);
      var ed = document.createElement('td');
      var input = document.createElement('input');
      input.setAttribute('data-field', f);
      var fixed = s.fields && Object.prototype.hasOwnProperty.call(s.fields, f);
      input.value = fixed ? show(s.fields[f]) : show(r[f]);
      if (fixed) input.classList.add('changed');
      input.addEventListener('change', function(){ correct(r, f, input); });
      ed.appendChild(input); tr.appendChild(ed);
      tbl.appendChild(tr);
    });
    var verdict = document.getElementById('detail-verdict');
    verdict.textContent = s.verdict === 'right' ? 'marked right' : s.verdict === 'wrong' ? 'marked wrong: not a figure' : '';
    detail.classList.add('open');
  }
  function parse(f, text){
    text = text.trim();
    if (text === '') return null;
    if (NUMERIC[f] && !isNaN(Number(text))) return Number(text);
    return text;
  }
  function correct(r, f, input){
    var s = state[r.id] || (state[r.id] = {verdict: null, fields: {}});
    s.fields = s.fields || {};
    var v = parse(f, input.value);
    if (show(v) === show(r[f])) { delete s.fields[f]; input.classList.remove('changed'); }
    else { s.fields[f] = v; input.classList.add('changed'); }
    if (!s.verdict && !Object.keys(s.fields).length) delete state[r.id];
    save(); fillRow(rows[r.id], r);
  }
  function mark(verdict){
    if (!selected) return;
    var r = byId[selected];
    var s = state[r.id] || (state[r.id] = {verdict: null, fields: {}});
    s.verdict = s.verdict === verdict ? null : verdict;
    if (!s.verdict && !(s.fields && Object.keys(s.fields).length)) delete state[r.id];
    save(); fillRow(rows[r.id], r); showDetail(r);
  }
  document.getElementById('mark-right').addEventListener('click', function(){ mark('right'); });
  document.getElementById('mark-wrong').addEventListener('click', function(){ mark('wrong'); });
  document.getElementById('detail-close').addEventListener('click', function(){ detail.classList.remove('open'); });

  // Export: one JSON object a line (record_id, document_sha256, field, old, new), the format
  // `wpx score OUTPUT.json CORRECTIONS.jsonl` reads.
  function exportLines(){
    var out = [];
    records.forEach(function(r){
      var s = state[r.id]; if (!s) return;
      function line(f, o, n){ out.push(JSON.stringify({record_id: r.id, document_sha256: info.sha256, field: f, old: o, new: n})); }
      if (s.verdict === 'wrong') { line('record', r.text, null); return; }
      line('record', r.text, r.text);
      (JUDGED[r.type] || []).forEach(function(f){
        var fixed = s.fields && Object.prototype.hasOwnProperty.call(s.fields, f);
        if (fixed) line(f, r[f] === undefined ? null : r[f], s.fields[f]);
        else if (s.verdict === 'right') line(f, r[f] === undefined ? null : r[f], r[f] === undefined ? null : r[f]);
      });
    });
    return out.length ? out.join('\n') + '\n' : '';
  }
  function refreshCount(){ document.getElementById('judged-count').textContent = String(Object.keys(state).length); }
  document.getElementById('export').addEventListener('click', function(){
    var text = exportLines();
    var area = document.getElementById('export-text');
    area.value = text; area.classList.add('open');
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], {type: 'application/x-ndjson'}));
    a.download = info.source.replace(/\.[^.]*$/, '') + '.corrections.jsonl';
    document.body.appendChild(a); a.click(); a.remove();
  });
  document.getElementById('text').addEventListener('click', function(ev){
    var m = ev.target.closest('mark'); if (m) { ev.stopPropagation(); select(m.getAttribute('data-id'), false); }
  });
  document.getElementById('record-count').textContent = String(records.length);
  refreshCount();
  applyFilter();
})();
"""
