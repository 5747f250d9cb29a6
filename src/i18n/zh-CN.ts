import type { Messages } from './types';

// 简体中文（大陆用语）：集群、节点、容器、虚拟机、资源池。
export const zhCN: Messages = {
  'app.title': 'PodSphere — 面向 vSphere 管理员的 Kubernetes 入门',
  'app.name': 'PodSphere',
  'app.tagline': '从你熟悉的 vSphere 出发，轻松学会 Kubernetes',
  'nav.skipToWorkspace': '跳到工作区',
  'lang.label': '语言',
  'theme.toDark': '深色主题',
  'theme.toLight': '浅色主题',
  'theme.toDarkHint': '切换到深色主题',
  'theme.toLightHint': '切换到浅色主题',
  'workspace.label': '工作区',
  'status.label': '集群',
  'status.notStarted': '尚未启动。',
  'status.starting': '正在启动模拟集群…',
  'status.ready': '在此标签页中运行：{nodes} 个节点（{ready} 个 Ready）、{pods} 个 Pod、{namespaces} 个命名空间、{objects} 个对象；API 服务器位于 {ip}；模拟时间 {time}。',
  'status.failed': '模拟集群启动失败：{error}',
  'pane.comingSoon': '即将推出',
  'pane.yaml.title': 'YAML',
  'pane.yaml.description':
    '你的 Kubernetes 清单：在这里编写的内容会应用到模拟集群，就像执行 kubectl apply 一样。',
  'pane.yaml.inputLabel': 'Kubernetes 清单（YAML）',
  'pane.yaml.placeholder': '在这里粘贴或输入 Kubernetes YAML，例如一个 Deployment……',
  'pane.yaml.savedHint': '内容会自动保存在此浏览器中。',
  'pane.kubernetes.title': 'Kubernetes 视图',
  'pane.kubernetes.description':
    '以 Kubernetes 的视角呈现你的对象：节点、Deployment、ReplicaSet、Pod 和 Service，以及它们之间的归属与选择关系。',
  'pane.vsphere.title': 'vSphere 视图',
  'pane.vsphere.description':
    '用你熟悉的 vSphere 清单来看同一个集群：节点对应 ESXi 主机，Pod 对应虚拟机，命名空间对应资源池。',
  'footer.sandbox':
    '这是一个沙箱环境：集群完全在此浏览器标签页中模拟，不会运行真正的容器，你的操作也不会离开此页面。',
};
