// Hangar's pages: every change goes to the JSON API with the session's CSRF token; the API
// decides, and its error message is shown as it is.
'use strict';
(() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

  function flash(text, good) {
    const box = document.getElementById('flash');
    if (!box) {
      alert(text);
      return;
    }
    box.textContent = text;
    box.className = good ? 'good' : 'bad';
    box.hidden = false;
  }

  async function call(url, method, body) {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'X-CSRF-Token': csrf(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = { title: text.slice(0, 500) };
    }
    if (!res.ok) {
      throw new Error((json && json.title) || `${method} ${url} failed with HTTP ${res.status}`);
    }
    return json;
  }

  // "host1 2*x86_64 *arm": hosts by name, N hosts (or one) with a label.
  function machines(text, body) {
    const hosts = [];
    const metaHosts = [];
    for (const token of text.split(/[\s,]+/).filter(Boolean)) {
      const m = /^(\d*)\*(.+)$/.exec(token);
      if (!m) {
        hosts.push(token);
        continue;
      }
      const n = m[1] === '' ? 1 : parseInt(m[1], 10);
      if (!(n >= 1 && n <= 1000)) {
        throw new Error(`${token}: the count before * must be from 1 to 1000`);
      }
      for (let i = 0; i < n; i++) metaHosts.push(m[2]);
    }
    if (hosts.length) body.hosts = hosts;
    if (metaHosts.length) body.meta_hosts = metaHosts;
  }

  function formBody(form) {
    const body = form.dataset.body ? JSON.parse(form.dataset.body) : {};
    for (const el of form.elements) {
      if (!el.name || el.type === 'file' || el.type === 'submit') continue;
      if (el.dataset.machines !== undefined) {
        machines(el.value, body);
        continue;
      }
      const type = el.dataset.type;
      if (type === 'bool') {
        body[el.name] = el.checked;
        continue;
      }
      // A control file goes as it was written or uploaded; a one-line field loses its spaces.
      const value = el.tagName === 'TEXTAREA' ? el.value : el.value.trim();
      if (value.trim() === '') continue;
      if (type === 'int') body[el.name] = Number(value);
      else if (type === 'list') body[el.name] = value.split(/[\s,]+/).filter(Boolean);
      else body[el.name] = value;
    }
    return body;
  }

  function after(el, json) {
    const then = el.dataset.then;
    if (then === 'show-token') {
      document.getElementById('token-value').textContent = json.token;
      document.getElementById('token').hidden = false;
      flash(`worker ${json.name} created`, true);
      return;
    }
    if (then === 'stay') {
      flash(json && json.exit_status !== undefined
        ? `${json.action}: exit status ${json.exit_status}${json.timed_out ? ' (timed out)' : ''}\n${json.output || ''}`
        : 'done', json && json.exit_status === 0);
      return;
    }
    if (then) {
      location.href = then.replace('{id}', encodeURIComponent(json.id));
      return;
    }
    location.reload();
  }

  async function login(form) {
    try {
      await call('/api/v1/login', 'POST', {
        login: form.elements.login.value,
        password: form.elements.password.value,
      });
      location.href = form.dataset.next || '/';
    } catch (err) {
      flash(err.message);
    }
  }

  async function abortMany(form) {
    const ids = [...form.querySelectorAll('input[name="job"]:checked')].map(c => c.value);
    if (!ids.length) {
      flash('select the jobs to abort first');
      return;
    }
    if (!confirm(`Abort ${ids.length} job(s)?`)) return;
    const failed = [];
    for (const id of ids) {
      try {
        await call(`/api/v1/jobs/${id}/abort`, 'POST');
      } catch (err) {
        failed.push(`job ${id}: ${err.message}`);
      }
    }
    if (failed.length) flash(failed.join('\n'));
    else location.reload();
  }

  document.addEventListener('submit', async (e) => {
    const form = e.target;
    if (form.matches('[data-login]')) {
      e.preventDefault();
      login(form);
    } else if (form.matches('[data-abort-many]')) {
      e.preventDefault();
      abortMany(form);
    } else if (form.dataset.api) {
      e.preventDefault();
      try {
        after(form, await call(form.dataset.api, form.dataset.method || 'POST', formBody(form)));
      } catch (err) {
        flash(err.message);
      }
    }
  });

  document.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-api]');
    if (button) {
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      try {
        const body = button.dataset.body ? JSON.parse(button.dataset.body) : undefined;
        after(button, await call(button.dataset.api, button.dataset.method || 'POST', body));
      } catch (err) {
        flash(err.message);
      }
      return;
    }
    if (e.target.closest('[data-logout]')) {
      await fetch('/api/v1/logout', { method: 'POST', credentials: 'same-origin' });
      location.href = '/login';
    }
  });

  document.addEventListener('change', (e) => {
    const input = e.target;
    if (input.dataset.fileInto && input.files.length) {
      input.files[0].text().then((text) => {
        input.form.elements[input.dataset.fileInto].value = text;
      });
    }
  });

  // Live parts poll only while their tab is shown: a hidden page's refresh is skipped.
  document.addEventListener('htmx:beforeRequest', (event) => {
    const trigger = event.detail.elt.getAttribute('hx-trigger') || '';
    if (document.hidden && trigger.startsWith('every ')) event.preventDefault();
  });

  // A status log grows in the page: what was added since the last read, each second, through the
  // same /results path (and ?offset) as 'hangar job tail', until the job has finished.
  function follow(pre) {
    let offset = 0;
    const decoder = new TextDecoder();
    const tick = async () => {
      if (document.hidden) { // a tab nobody looks at asks for nothing
        setTimeout(tick, 1000);
        return;
      }
      const live = document.getElementById('job-live');
      const finished = live && live.dataset.finished === 'true';
      try {
        const res = await fetch(`${pre.dataset.follow}?offset=${offset}`, { credentials: 'same-origin' });
        if (res.ok) {
          const bytes = await res.arrayBuffer();
          if (bytes.byteLength) {
            offset += bytes.byteLength;
            pre.textContent += decoder.decode(bytes, { stream: true });
            pre.scrollTop = pre.scrollHeight;
          }
          delete pre.dataset.error;
        } else if (res.status !== 404) {
          pre.dataset.error = `reading the log failed with HTTP ${res.status}`;
        }
      } catch (err) {
        pre.dataset.error = `reading the log failed: ${err.message}`;
      }
      pre.dataset.offset = offset;
      if (!finished) setTimeout(tick, 1000);
      else pre.dataset.done = 'true';
    };
    tick();
  }

  function followEntries() {
    const logs = document.getElementById('logs');
    if (!logs) return;
    for (const row of document.querySelectorAll('#entries tr[data-results]')) {
      const url = `${row.dataset.results}status.log`;
      if (!row.dataset.results || logs.querySelector(`pre[data-follow="${CSS.escape(url)}"]`)) continue;
      const section = document.createElement('section');
      section.className = 'log';
      const title = document.createElement('h2');
      title.textContent = `Status log: ${row.dataset.host}`;
      const pre = document.createElement('pre');
      pre.className = 'statuslog';
      pre.dataset.follow = url;
      section.append(title, pre);
      logs.append(section);
      follow(pre);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('pre[data-follow]').forEach(follow);
    followEntries();
  });
  document.addEventListener('htmx:afterSwap', followEntries);
  document.addEventListener('htmx:responseError', (e) => {
    flash(`refreshing the page failed with HTTP ${e.detail.xhr.status}; it tries again`);
  });
})();
