// Shows, while typing, the exact 보도시점 a preset gives. The server computes the
// same on 미리보기 and on save; this only saves a round trip. No inline script (CSP).
(function () {
  'use strict';
  // After a refused save or move, take keyboard and screen-reader focus to the explanation.
  var summary = document.getElementById('form-errors') || document.getElementById('move-errors');
  if (summary) summary.focus();
  var fields = document.getElementById('embargo-fields');
  var out = document.getElementById('embargo-result');
  if (!fields || !out || !fields.querySelector('input[name="embargo_preset"][type="radio"]')) return;
  var KST = 9 * 3600 * 1000;
  function pad(n) { return String(n).padStart(2, '0'); }
  function fmt(ms) {
    var d = new Date(ms + KST);
    return d.getUTCFullYear() + '.' + pad(d.getUTCMonth() + 1) + '.' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function fmtDay(day) { return day.replace(/-/g, '.'); }
  function at(day, hhmm) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    var t = /^(\d{2}):(\d{2})$/.exec(hhmm);
    if (!m || !t) return null;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +t[1], +t[2]) - KST;
  }
  function value(name) {
    var el = fields.querySelector('[name="' + name + '"]' + (name === 'embargo_preset' ? ':checked' : ''));
    return el ? el.value : '';
  }
  function update() {
    var preset = value('embargo_preset');
    var text = '';
    if (preset === 'immediate') text = '승인하는 즉시 (승인 시각이 보도시점이 됩니다)';
    else if (preset === 'morning' || preset === 'evening') {
      var day = value('paper_date');
      var start = at(day, '00:00');
      if (start === null) text = '신문 날짜를 입력하면 보도시점을 보여 드립니다.';
      else {
        var onDay = preset === 'morning' ? new Date(start + KST - 86400000).toISOString().slice(0, 10) : day;
        var ms = at(onDay, preset === 'morning' ? fields.dataset.morningTime : fields.dataset.eveningTime);
        text = fmtDay(day) + (preset === 'morning' ? ' 조간' : ' 석간') + ' (온라인 ' + fmt(ms) + '부터)';
      }
    } else if (preset === 'explicit') {
      var local = value('released_at_local');
      var parts = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local);
      text = parts ? fmt(at(parts[1], parts[2])) : '보도시점 날짜와 시각을 입력해 주세요.';
    }
    out.textContent = text ? '이 설정의 보도시점: ' + text : '';
  }
  fields.addEventListener('change', update);
  fields.addEventListener('input', update);
})();
