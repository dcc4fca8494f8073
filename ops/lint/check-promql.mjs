// Parses every PromQL expression in ops/ (alert rules, dashboard queries and variables)
// with @prometheus-io/lezer-promql, the grammar Prometheus's own UI uses, and fails on
// the first syntax error. promtool (CI) is the full check; this one runs anywhere npm does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

const ops = join(dirname(fileURLToPath(import.meta.url)), '..');
const queries = [];
for (const group of parseYaml(readFileSync(join(ops, 'prometheus/alerts.yml'), 'utf8')).groups) {
  for (const rule of group.rules) {
    queries.push([`alert ${rule.alert}`, rule.expr]);
  }
}
const dashboard = JSON.parse(readFileSync(join(ops, 'grafana/dashboards/hitl-orchestrator.json'), 'utf8'));
for (const panel of dashboard.panels) {
  for (const target of panel.targets ?? []) {
    queries.push([`panel "${panel.title}" ${target.refId}`, target.expr]);
  }
}
for (const variable of dashboard.templating.list) {
  const query = variable.query?.query;
  // label_values(metric, label) is Grafana's, not PromQL: check the selector inside.
  const selector = query?.match(/^label_values\((.*),\s*\w+\)$/)?.[1];
  if (selector) {
    queries.push([`variable ${variable.name}`, selector]);
  }
}

// Grafana fills these in before Prometheus sees the query.
const grafana = (expr) => expr
  .replaceAll('$__rate_interval', '1m')
  .replaceAll('$__range', '6h')
  .replace(/\$(\w+)/g, 'x');

let failures = 0;
for (const [source, expr] of queries) {
  const text = grafana(expr);
  const tree = parser.parse(text);
  let error = null;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) {
        error = node.from;
      }
    },
  });
  if (error !== null) {
    failures++;
    console.error(`${source}: syntax error at ${error}: ${text.slice(0, error)} >>> ${text.slice(error)}`);
  }
}
console.log(`${queries.length} PromQL expressions parsed, ${failures} with syntax errors`);
process.exit(failures === 0 ? 0 : 1);
