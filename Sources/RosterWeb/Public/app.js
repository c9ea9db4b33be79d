// HotlineRoster web: small progressive enhancement, no build step. Every page works without it.
(function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  // fetch() calls of the pages carry the session's CSRF token.
  window.hrFetch = (url, options = {}) => {
    options.headers = Object.assign({ 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }, options.headers || {});
    options.credentials = 'same-origin';
    return fetch(url, options);
  };
  // A background job's page polls its state and follows the result when it is done.
  const job = document.querySelector('[data-job]');
  if (job && job.dataset.running === 'true') {
    const poll = async () => {
      const r = await window.hrFetch('/api/jobs/' + job.dataset.job);
      if (!r.ok) return;
      const j = await r.json();
      const pre = job.querySelector('pre.progress');
      if (pre) pre.textContent = (j.progress || []).slice(-30).join('\n');
      if (j.state === 'done') { window.location = j.resultPath || window.location.pathname; return; }
      if (j.state === 'failed') { window.location.reload(); return; }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }
  document.querySelectorAll('[data-back]').forEach(a => a.addEventListener('click', e => { e.preventDefault(); history.back(); }));
})();
