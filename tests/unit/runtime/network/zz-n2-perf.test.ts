import { it } from 'vitest';
import { createCluster } from '../../../../src/runtime/index';
import { routeThroughIngressNginx } from '../../../../src/runtime/controllers/ingressnginx';
it('perf', () => {
  const c = createCluster();
  c.settle();
  let y = '';
  for (let i = 0; i < 30; i++) y += `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i${i}}\nspec:\n  rules: [{host: h${i}.example, http: {paths: [{path: /a, pathType: Prefix, backend: {service: {name: kubernetes, port: {number: 443}}}}, {path: /b, pathType: Exact, backend: {service: {name: kubernetes, port: {number: 443}}}}]}}]\n`;
  c.apply(y);
  c.settle();
  const t = performance.now();
  for (let i = 0; i < 10000; i++) routeThroughIngressNginx(c.api, { host: `h${i % 30}.example`, path: '/a/x' });
  console.log('10k routes ms', performance.now() - t);
});
