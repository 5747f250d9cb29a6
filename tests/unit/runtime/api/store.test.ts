import { it } from 'vitest';
import { createCluster } from '../../../../src/runtime/index';
it('scratch', () => {
const c = createCluster();
const r = c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
data:
  a: b
`);
console.log(JSON.stringify(r, null, 1));
console.log(JSON.stringify(c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: x
  labels:
    app: "{{ .Values.app }}"
`), null, 1));
console.log(JSON.stringify(c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: y
data:
  a: b
 c: d
`), null, 1));
const cm = c.api.tryGet('configmaps','x');
console.log(cm?.metadata.annotations);
const p = c.api.create({apiVersion:'v1',kind:'Pod',metadata:{name:'p'},spec:{containers:[{name:'a',image:'nginx'}]}});
console.log(JSON.stringify(p, null, 1));
const ns = c.api.get('namespaces','default'); console.log(JSON.stringify(ns));
console.log(c.api.get('services','kubernetes').spec);
});
