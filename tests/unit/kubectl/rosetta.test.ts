import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/kubectl/commands/index';
import { LOCALES } from '../../../src/i18n/types';
import { answerPowerCLI, isPowerCLI, knownCmdlets, rosettaCard, rosettaForKubectl, rosettaIds } from '../../../src/vsphere/rosetta';

/** Every command `kubectl --help` lists in v1.34 (the sandbox's registry grows towards it). */
const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'cluster-info', 'top', 'cordon',
  'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff',
  'apply', 'patch', 'replace', 'wait', 'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

// Characters that exist only in one script: a Traditional text must not use the simplified form and vice versa.
const SIMPLIFIED_ONLY = /[这个与会节点机时间务设数据资网络络们术发实态应调档录签达选统运类认览]/;
const TRADITIONAL_ONLY = /[這個與會節點機時間務設數據資網絡們術發實態應調檔錄簽達選統運類認覽]/;

describe('PowerCLI rosetta', () => {
  it('has every card complete in en, zh-TW and zh-CN, with prose translated and terms kept', () => {
    for (const id of rosettaIds()) {
      const en = rosettaCard(id, 'en');
      expect(en?.kubectl.length, id).toBeGreaterThan(0);
      for (const locale of LOCALES) {
        const card = rosettaCard(id, locale);
        expect(card?.holds, `${id} ${locale}`).toBeTruthy();
        expect(card?.breaks, `${id} ${locale}`).toBeTruthy();
        expect(card?.kubectl).toEqual(en?.kubectl);
        expect(card?.powercli).toEqual(en?.powercli);
        if (locale === 'en') continue;
        expect(card?.holds, `${id} ${locale}`).not.toBe(en?.holds);
        expect(card?.breaks, `${id} ${locale}`).not.toBe(en?.breaks);
      }
      const tw = rosettaCard(id, 'zh-TW');
      const cn = rosettaCard(id, 'zh-CN');
      expect(`${tw?.holds}${tw?.breaks}`, `${id} zh-TW uses simplified characters`).not.toMatch(SIMPLIFIED_ONLY);
      expect(`${cn?.holds}${cn?.breaks}`, `${id} zh-CN uses traditional characters`).not.toMatch(TRADITIONAL_ONLY);
    }
  });

  it('has a card for every kubectl command, registered or upstream', () => {
    const names = new Set([...KUBECTL_COMMANDS, ...COMMANDS.map((c) => c.name)]);
    for (const name of names) expect(rosettaForKubectl([name], 'en'), name).toBeDefined();
    expect(rosettaForKubectl(['frobnicate'], 'en')).toBeUndefined();
  });

  it('maps kubectl command lines to their nearest PowerCLI way', () => {
    expect(rosettaForKubectl(['get', 'nodes'], 'en')?.powercli[0]).toBe('Get-VMHost');
    expect(rosettaForKubectl(['get', 'pods', '-o', 'wide'], 'en')?.powercli).toEqual(['Get-VM | Select Name, VMHost, PowerState']);
    expect(rosettaForKubectl(['-n', 'kube-system', 'get', 'po', '-owide'], 'en')?.powercli).toEqual(['Get-VM | Select Name, VMHost, PowerState']);
    expect(rosettaForKubectl(['get', 'pods'], 'en')?.powercli).toEqual(['Get-VM']);
    expect(rosettaForKubectl(['drain', 'worker-1', '--ignore-daemonsets'], 'en')?.powercli).toEqual(['Set-VMHost -VMHost esx01 -State Maintenance -Evacuate']);
    expect(rosettaForKubectl(['scale', 'deploy/web', '--replicas=5'], 'en')?.breaks).toContain('no one-liner');
    expect(rosettaForKubectl(['apply', '-f', 'web.yaml'], 'en')?.powercli.join('\n')).toContain('Import-VApp');
    expect(rosettaForKubectl(['exec', '-it', 'web', '--', 'sh'], 'en')?.powercli[0]).toContain('Invoke-VMScript');
    expect(rosettaForKubectl(['rollout', 'undo', 'deployment/web'], 'en')?.breaks).toContain('not a snapshot revert');
    expect(rosettaForKubectl(['label', 'pod', 'x', 'a=b'], 'en')?.powercli[0]).toContain('New-TagAssignment');
    expect(rosettaForKubectl(['taint', 'nodes', 'worker-1', 'a=b:NoSchedule'], 'en')?.powercli[0]).toContain('New-DrsVMHostRule');
    expect(rosettaForKubectl(['get', 'svc'], 'zh-TW')?.holds).toContain('Service');
  });

  it('recognises PowerCLI cmdlets in any case, with parameters and pipelines', () => {
    expect(isPowerCLI('Get-VM')).toBe(true);
    expect(isPowerCLI('get-vmhost -Name esx01')).toBe(true);
    expect(isPowerCLI('Get-VM | Select Name, VMHost')).toBe(true);
    expect(isPowerCLI('kubectl get pods')).toBe(false);
    expect(isPowerCLI('ls -la')).toBe(false);
    expect(isPowerCLI('web-5d8f')).toBe(false);
  });

  it('answers the common cmdlets with the kubectl way', () => {
    const cmdlets = [
      'Get-VM', 'Get-VMHost', 'Move-VM', 'New-VM', 'Set-VMHost', 'Get-ResourcePool', 'Get-Tag', 'Get-Cluster', 'Get-Datastore', 'Get-NetworkAdapter',
      'Get-VirtualPortGroup', 'Start-VM', 'Stop-VM', 'Restart-VM', 'Get-Snapshot', 'New-Snapshot', 'Get-VIEvent', 'Connect-VIServer', 'Invoke-VMScript', 'Get-Stat',
    ];
    for (const c of cmdlets) {
      for (const locale of LOCALES) {
        const a = answerPowerCLI(`${c.toUpperCase()} -Name x`, locale);
        expect(a, `${c} ${locale}`).toBeDefined();
        expect(a?.kubectl.every((l) => l.startsWith('kubectl ')), c).toBe(true);
      }
    }
    expect(knownCmdlets()).toEqual(expect.arrayContaining(cmdlets.map((c) => c.toLowerCase())));
  });

  it('reads the parameters that change the answer', () => {
    expect(answerPowerCLI('Set-VMHost -VMHost esx01 -State Maintenance -Evacuate', 'en')?.kubectl[0]).toBe('kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data');
    expect(answerPowerCLI('set-vmhost esx01 -state connected', 'en')?.kubectl[0]).toBe('kubectl uncordon worker-1');
    expect(answerPowerCLI('Get-VM | Select Name, VMHost, PowerState', 'en')?.kubectl[0]).toBe('kubectl get pods -o wide');
    expect(answerPowerCLI('Set-VM web -Snapshot (Get-Snapshot web -Name before)', 'en')?.kubectl[0]).toBe('kubectl rollout undo deployment/web');
    expect(answerPowerCLI('Set-VM web -NumCpu 4', 'en')?.kubectl[0]).toContain('kubectl set resources');
    expect(answerPowerCLI('Move-VM web -Destination esx02', 'zh-CN')?.breaks).toContain('没有实时迁移');
    expect(answerPowerCLI('Get-Frobnicator', 'en')).toBeUndefined();
  });
});
