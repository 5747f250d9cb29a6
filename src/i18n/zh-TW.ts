import type { Messages } from './types';

// 繁體中文（台灣用語）：叢集、節點、容器、虛擬機器、資源集區。
export const zhTW: Messages = {
  'app.title': 'PodSphere — 給 vSphere 管理員的 Kubernetes 入門',
  'app.name': 'PodSphere',
  'app.tagline': '從你熟悉的 vSphere 出發，輕鬆學會 Kubernetes',
  'nav.skipToWorkspace': '跳至工作區',
  'lang.label': '語言',
  'theme.toDark': '深色主題',
  'theme.toLight': '淺色主題',
  'theme.toDarkHint': '切換為深色主題',
  'theme.toLightHint': '切換為淺色主題',
  'workspace.label': '工作區',
  'status.label': '叢集',
  'status.notStarted': '尚未啟動。',
  'status.starting': '正在啟動模擬叢集…',
  'status.ready': '在此分頁中執行：{nodes} 個節點（{ready} 個 Ready）、{pods} 個 Pod、{namespaces} 個命名空間、{objects} 個物件；API 伺服器位於 {ip}；模擬時間 {time}。',
  'status.failed': '模擬叢集無法啟動：{error}',
  'pane.comingSoon': '即將推出',
  'pane.yaml.title': 'YAML',
  'pane.yaml.description':
    '你的 Kubernetes 資源清單：在這裡寫下的內容會套用到模擬叢集，就像執行 kubectl apply 一樣。',
  'pane.yaml.inputLabel': 'Kubernetes 資源清單（YAML）',
  'pane.yaml.placeholder': '在這裡貼上或輸入 Kubernetes YAML，例如一個 Deployment……',
  'pane.yaml.savedHint': '內容會自動儲存在這個瀏覽器中。',
  'pane.kubernetes.title': 'Kubernetes 檢視',
  'pane.kubernetes.description':
    '以 Kubernetes 的角度呈現你的物件：節點、Deployment、ReplicaSet、Pod 與 Service，以及它們之間的擁有與選取關係。',
  'pane.vsphere.title': 'vSphere 檢視',
  'pane.vsphere.description':
    '用你熟悉的 vSphere 詳細目錄來看同一個叢集：節點對應 ESXi 主機，Pod 對應虛擬機器，命名空間對應資源集區。',
  'footer.sandbox':
    '這是一個沙箱環境：叢集完全在這個瀏覽器分頁中模擬，不會執行真正的容器，你的操作也不會傳出這個頁面。',
};
