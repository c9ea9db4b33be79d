// Roster page: the workbook import (the raw .xlsx body with the CSRF header; all or nothing).
(function () {
  const form = document.getElementById('import-form');
  if (!form) return;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = document.getElementById('import-result');
    const file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    const r = await window.hrFetch('/api/roster/import?week=' + encodeURIComponent(form.dataset.week), {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: file,
    });
    const j = await r.json().catch(() => ({}));
    if (r.ok) { window.location = '/roster?week=' + encodeURIComponent(form.dataset.week) + '&saved=' + (j.changes || []).length; return; }
    const lines = [(j.error && j.error.message) || r.statusText].concat((j.breaches || []).map(b => b.rule + ' ' + b.personId + ': ' + b.detail));
    out.textContent = lines.join('\n');
    out.className = 'error';
  });
})();
