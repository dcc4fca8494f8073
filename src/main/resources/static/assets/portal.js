/*
 * HITL Orchestrator reviewer portal: the little behaviour the pages need. Served as a
 * file so the strict Content-Security-Policy (script-src 'self') holds: no inline
 * scripts, no eval. htmx does the requests; this file only decides when.
 */
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  // The menu collapses on narrow screens behind a button.
  document.addEventListener('click', function (event) {
    var toggle = event.target.closest('.menu-toggle');
    if (toggle) {
      var menu = document.getElementById(toggle.getAttribute('aria-controls'));
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('open', open);
      return;
    }
    var copy = event.target.closest('button[data-copy]');
    if (copy) {
      copySecret(copy);
    }
  });

  function copySecret(button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById(button.getAttribute('data-status'));
    var done = function (text) {
      if (status) {
        status.textContent = text;
      }
    };
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        done('Copied to the clipboard.');
      }, function () {
        done('Selected: press Ctrl+C (or Cmd+C) to copy.');
      });
    } else {
      var copied = false;
      try {
        copied = document.execCommand('copy');
      } catch (ignored) {
        copied = false;
      }
      done(copied ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (or Cmd+C) to copy.');
    }
  }

  // The dashboard asks for changes every 10 s (the poller's data-poll-ms), only while the
  // tab is visible; when it becomes visible again after a pause it asks at once.
  var lastPoll = Date.now();

  function poller() {
    return document.getElementById('poller');
  }

  function interval() {
    var element = poller();
    var ms = element ? parseInt(element.getAttribute('data-poll-ms'), 10) : NaN;
    return isNaN(ms) || ms < 100 ? 10000 : ms;
  }

  function poll() {
    var element = poller();
    if (element && window.htmx && !document.hidden) {
      lastPoll = Date.now();
      window.htmx.trigger(element, 'poll');
    }
  }

  function tick() {
    if (!document.hidden && Date.now() - lastPoll >= interval()) {
      poll();
    }
    window.setTimeout(tick, Math.min(1000, interval()));
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && Date.now() - lastPoll >= interval()) {
      poll();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    lastPoll = Date.now();
    window.setTimeout(tick, 1000);
  });

  // After the reviewer asks to see new consultations, focus moves to the refreshed list.
  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === 'results' && event.detail.requestConfig
        && event.detail.requestConfig.elt && event.detail.requestConfig.elt.classList.contains('show-new')) {
      var heading = document.getElementById('results-count');
      if (heading) {
        heading.focus();
      }
    }
  });
}());
