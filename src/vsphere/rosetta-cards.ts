// The PowerCLI rosetta's content: for each kubectl command, the nearest
// PowerCLI / vSphere Client way, where the analogy holds and where it
// breaks. Cmdlet names and kubectl commands stay as typed; only the prose is
// translated (zh-TW in Taiwan usage, zh-CN simplified).
import type { Locale } from '../i18n/types';

export type Prose = Readonly<Record<Locale, string>>;

export interface CardData {
  id: string;
  kubectl: string[];
  /** Empty when vSphere has nothing close (the prose says what comes nearest). */
  powercli: string[];
  holds: Prose;
  breaks: Prose;
}

const p = (en: string, tw: string, cn: string): Prose => ({ en, 'zh-TW': tw, 'zh-CN': cn });

export const CARDS: readonly CardData[] = [
  {
    id: 'get-nodes',
    kubectl: ['kubectl get nodes', 'kubectl get nodes -o wide'],
    powercli: ['Get-VMHost', 'Get-VMHost | Select Name, ConnectionState, PowerState'],
    holds: p(
      'A node is a host that runs workloads; Ready is the Connected state of an ESXi host.',
      '節點就是執行工作負載的主機；Ready 相當於 ESXi 主機的「已連線」狀態。',
      '节点就是运行工作负载的主机；Ready 相当于 ESXi 主机的“已连接”状态。',
    ),
    breaks: p(
      'Nodes are often VMs themselves, and Ready comes from the kubelet renewing a Lease every 10 s, not from vCenter polling an agent. There is no inventory tree: the cluster is flat.',
      '節點本身常常就是虛擬機；Ready 來自 kubelet 每 10 秒更新一次 Lease，而不是 vCenter 輪詢代理程式。也沒有清查樹狀結構：叢集是扁平的。',
      '节点本身常常就是虚拟机；Ready 来自 kubelet 每 10 秒续约一次 Lease，而不是 vCenter 轮询代理程序。也没有清单树结构：集群是扁平的。',
    ),
  },
  {
    id: 'get-pods-wide',
    kubectl: ['kubectl get pods -o wide'],
    powercli: ['Get-VM | Select Name, VMHost, PowerState'],
    holds: p(
      'One line per workload with the host it runs on: the NODE column is VMHost, STATUS is roughly PowerState.',
      '每個工作負載一行，並列出它所在的主機：NODE 欄就是 VMHost，STATUS 大致相當於 PowerState。',
      '每个工作负载一行，并列出它所在的主机：NODE 列就是 VMHost，STATUS 大致相当于 PowerState。',
    ),
    breaks: p(
      'A pod is never powered off and on again: a stopped pod is gone, and its controller makes a new one with a new name and a new IP.',
      'Pod 不會關機再開機：停止的 Pod 就消失了，由它的控制器建立一個新的，名稱與 IP 都不同。',
      'Pod 不会关机再开机：停止的 Pod 就消失了，由它的控制器创建一个新的，名称和 IP 都不同。',
    ),
  },
  {
    id: 'get-pods',
    kubectl: ['kubectl get pods', 'kubectl get pods -A'],
    powercli: ['Get-VM'],
    holds: p(
      'The inventory of running workloads, filterable by name and by labels (-l) as Get-VM filters by name and tag.',
      '列出執行中的工作負載，可依名稱與標籤（-l）篩選，就像 Get-VM 依名稱與標記篩選。',
      '列出运行中的工作负载，可按名称和标签（-l）筛选，就像 Get-VM 按名称和标记筛选。',
    ),
    breaks: p(
      'The list covers one namespace (add -A for all), and pods are disposable: names change whenever a controller replaces one.',
      '清單只涵蓋一個命名空間（加 -A 才是全部），而且 Pod 是可拋棄的：控制器每次替換時名稱都會改變。',
      '列表只涵盖一个命名空间（加 -A 才是全部），而且 Pod 是可丢弃的：控制器每次替换时名称都会变化。',
    ),
  },
  {
    id: 'get-deployments',
    kubectl: ['kubectl get deployments', 'kubectl get replicasets'],
    powercli: ['Get-Template', 'Get-Cluster | Select Name, HAEnabled'],
    holds: p(
      'A Deployment holds a template (like a VM template) and keeps the wanted number of copies running, the way HA restarts VMs after a host failure.',
      'Deployment 保存一份範本（像虛擬機範本），並讓指定數量的副本持續執行，就像 HA 在主機故障後重新啟動虛擬機。',
      'Deployment 保存一份模板（像虚拟机模板），并让指定数量的副本持续运行，就像 HA 在主机故障后重启虚拟机。',
    ),
    breaks: p(
      'vSphere has no object that says "always run 3 copies of this template"; HA restarts the same VM, a ReplicaSet creates a new pod.',
      'vSphere 沒有「永遠執行這個範本的 3 個副本」這種物件；HA 重新啟動的是同一台虛擬機，ReplicaSet 則是建立新的 Pod。',
      'vSphere 没有“始终运行这个模板的 3 个副本”这种对象；HA 重启的是同一台虚拟机，ReplicaSet 则是创建新的 Pod。',
    ),
  },
  {
    id: 'get-services',
    kubectl: ['kubectl get services', 'kubectl get endpoints'],
    powercli: ['Get-VirtualPortGroup'],
    holds: p(
      'A Service is a stable virtual IP in front of changing backends, like an NSX or F5 virtual server with a pool (managed outside core PowerCLI).',
      'Service 是擋在變動後端前面的固定虛擬 IP，就像 NSX 或 F5 的虛擬伺服器加上集區（在核心 PowerCLI 之外管理）。',
      'Service 是挡在变动后端前面的固定虚拟 IP，就像 NSX 或 F5 的虚拟服务器加上池（在核心 PowerCLI 之外管理）。',
    ),
    breaks: p(
      'Pool membership is automatic (pods whose labels match the selector, and only while ready), and a ClusterIP exists only as kube-proxy rules on every node, not on an appliance.',
      '集區成員是自動的（標籤符合 selector 且就緒的 Pod），而且 ClusterIP 只是每個節點上的 kube-proxy 規則，不存在於任何設備上。',
      '池成员是自动的（标签匹配 selector 且就绪的 Pod），而且 ClusterIP 只是每个节点上的 kube-proxy 规则，不存在于任何设备上。',
    ),
  },
  {
    id: 'get-namespaces',
    kubectl: ['kubectl get namespaces', 'kubectl get resourcequota -n team-a'],
    powercli: ['Get-ResourcePool', 'Get-Folder'],
    holds: p(
      'Namespaces group workloads and carry quotas and permissions, like resource pools and folders.',
      '命名空間把工作負載分組，並附帶配額與權限，就像資源集區與資料夾。',
      '命名空间把工作负载分组，并附带配额和权限，就像资源池和文件夹。',
    ),
    breaks: p(
      'A namespace is a name scope and policy boundary, not a scheduling share: there are no reservations, shares or nested pools, and quotas count requests rather than throttle live usage.',
      '命名空間是名稱範圍與原則邊界，不是排程份額：沒有保留、份額或巢狀集區，配額計算的是 requests，而不是即時限制使用量。',
      '命名空间是名称范围和策略边界，不是调度份额：没有预留、份额或嵌套池，配额统计的是 requests，而不是实时限制使用量。',
    ),
  },
  {
    id: 'get-storage',
    kubectl: ['kubectl get pvc', 'kubectl get pv', 'kubectl get storageclass'],
    powercli: ['Get-HardDisk -VM web', 'Get-Datastore', 'Get-SpbmStoragePolicy'],
    holds: p(
      'A PersistentVolume is a disk (on vSphere, the CSI driver makes it a First Class Disk), a StorageClass is a storage policy, a claim is a request for a disk.',
      'PersistentVolume 就是一顆磁碟（在 vSphere 上，CSI 驅動程式會把它建成 First Class Disk），StorageClass 是儲存原則，PVC 是對磁碟的請求。',
      'PersistentVolume 就是一块磁盘（在 vSphere 上，CSI 驱动会把它创建成 First Class Disk），StorageClass 是存储策略，PVC 是对磁盘的申请。',
    ),
    breaks: p(
      'Disks belong to claims, not to pods: a pod is replaced and the new one mounts the same claim; deleting the claim may delete the disk (reclaimPolicy Delete).',
      '磁碟屬於 PVC 而不是 Pod：Pod 被替換後，新的 Pod 掛載同一個 PVC；刪除 PVC 可能連磁碟一起刪除（reclaimPolicy 為 Delete）。',
      '磁盘属于 PVC 而不是 Pod：Pod 被替换后，新的 Pod 挂载同一个 PVC；删除 PVC 可能连磁盘一起删除（reclaimPolicy 为 Delete）。',
    ),
  },
  {
    id: 'get-config',
    kubectl: ['kubectl get configmaps', 'kubectl get secrets'],
    powercli: ['Get-AdvancedSetting -Entity web -Name guestinfo.*', 'Get-OSCustomizationSpec'],
    holds: p(
      'Configuration handed to the workload from outside the image, like guestinfo settings or a customization spec.',
      '從映像檔外部交給工作負載的設定，就像 guestinfo 設定或自訂規格。',
      '从镜像外部交给工作负载的配置，就像 guestinfo 设置或自定义规范。',
    ),
    breaks: p(
      'They appear as environment variables or files inside the container; a Secret is only base64-encoded unless encryption at rest is configured.',
      '它們以環境變數或檔案的形式出現在容器裡；除非設定了靜態加密，Secret 只是 base64 編碼。',
      '它们以环境变量或文件的形式出现在容器里；除非配置了静态加密，Secret 只是 base64 编码。',
    ),
  },
  {
    id: 'get-daemonsets',
    kubectl: ['kubectl get daemonsets -A'],
    powercli: ['Get-VM -Location (Get-VMHost) | Where Name -like "vCLS*"'],
    holds: p(
      'One copy per node, like the agent VMs vSphere pins to every host (vCLS, NSX or antivirus appliances).',
      '每個節點一份，就像 vSphere 固定在每台主機上的代理虛擬機（vCLS、NSX 或防毒設備）。',
      '每个节点一份，就像 vSphere 固定在每台主机上的代理虚拟机（vCLS、NSX 或防病毒设备）。',
    ),
    breaks: p(
      'New nodes get their copy automatically, and drain leaves these pods in place (--ignore-daemonsets).',
      '新節點會自動得到一份，而 drain 會讓這些 Pod 留在原地（--ignore-daemonsets）。',
      '新节点会自动得到一份，而 drain 会让这些 Pod 留在原地（--ignore-daemonsets）。',
    ),
  },
  {
    id: 'get-statefulsets',
    kubectl: ['kubectl get statefulsets', 'kubectl get pods -l app=db'],
    powercli: ['Get-VM -Name db-*'],
    holds: p(
      'Stateful members with fixed names (db-0, db-1) and their own disks, like hand-built database VMs.',
      '具有固定名稱（db-0、db-1）和專屬磁碟的有狀態成員，就像手工建立的資料庫虛擬機。',
      '具有固定名称（db-0、db-1）和专属磁盘的有状态成员，就像手工创建的数据库虚拟机。',
    ),
    breaks: p(
      'The controller still replaces failed members (same name, same disk, maybe another node) and starts them one by one in order.',
      '控制器仍會替換故障的成員（同名、同磁碟，可能換到別的節點），並依序一個一個啟動。',
      '控制器仍会替换故障的成员（同名、同磁盘，可能换到别的节点），并按顺序一个一个启动。',
    ),
  },
  {
    id: 'get-ingress',
    kubectl: ['kubectl get ingress', 'kubectl describe ingress web'],
    powercli: [],
    holds: p(
      'HTTP host and path rules in front of services, like an NSX Advanced Load Balancer or F5 virtual service with content switching.',
      '在 Service 前面的 HTTP 主機與路徑規則，就像 NSX Advanced Load Balancer 或 F5 具內容切換的虛擬服務。',
      '在 Service 前面的 HTTP 主机和路径规则，就像 NSX Advanced Load Balancer 或 F5 带内容交换的虚拟服务。',
    ),
    breaks: p(
      'Core PowerCLI has no load-balancer cmdlets; in Kubernetes the rules are an object and an ingress controller running as pods implements them.',
      '核心 PowerCLI 沒有負載平衡器的 cmdlet；在 Kubernetes 裡，規則是一個物件，由以 Pod 形式執行的 ingress 控制器實作。',
      '核心 PowerCLI 没有负载均衡器的 cmdlet；在 Kubernetes 里，规则是一个对象，由以 Pod 形式运行的 ingress 控制器实现。',
    ),
  },
  {
    id: 'get-jobs',
    kubectl: ['kubectl get jobs', 'kubectl get cronjobs'],
    powercli: ['Get-View ScheduledTaskManager'],
    holds: p(
      'Run-to-completion work and schedules, like vCenter scheduled tasks or a guest script run on a timer.',
      '執行到完成的工作與排程，就像 vCenter 排程工作或定時執行的客體指令碼。',
      '运行到完成的任务和计划，就像 vCenter 计划任务或定时运行的客户机脚本。',
    ),
    breaks: p(
      'Each run is a new pod that exits; a failed run is retried up to backoffLimit, and finished pods stay until cleaned up.',
      '每次執行都是一個會結束的新 Pod；失敗時會重試到 backoffLimit，完成的 Pod 會保留到被清除為止。',
      '每次运行都是一个会退出的新 Pod；失败时会重试到 backoffLimit，完成的 Pod 会保留到被清理为止。',
    ),
  },
  {
    id: 'get',
    kubectl: ['kubectl get <type>', 'kubectl get <type> <name> -o yaml', 'kubectl get pods -w'],
    powercli: ['Get-View -ViewType <type>', 'Get-VM web | Format-List *'],
    holds: p(
      'List objects of a kind; -o yaml shows the full object, the way Get-View shows the managed object.',
      '列出某一類的物件；-o yaml 顯示完整物件，就像 Get-View 顯示受管物件。',
      '列出某一类的对象；-o yaml 显示完整对象，就像 Get-View 显示受管对象。',
    ),
    breaks: p(
      'One API and one verb cover every kind, including custom resources; the YAML is the desired state (spec) plus what was observed (status), and -w streams changes as they happen.',
      '同一套 API 與同一個動詞涵蓋所有種類，包括自訂資源；YAML 是期望狀態（spec）加上觀察到的狀態（status），而 -w 會即時串流變更。',
      '同一套 API 和同一个动词覆盖所有种类，包括自定义资源；YAML 是期望状态（spec）加上观察到的状态（status），而 -w 会实时流式输出变更。',
    ),
  },
  {
    id: 'describe',
    kubectl: ['kubectl describe pod web-5d8f', 'kubectl describe node worker-1'],
    powercli: ['Get-VM web | Format-List *', 'Get-VIEvent -Entity web -MaxSamples 20'],
    holds: p(
      'Everything about one object plus its recent events, like the Summary and Monitor > Events tabs.',
      '一個物件的所有資訊加上最近的事件，就像「摘要」與「監控 > 事件」分頁。',
      '一个对象的所有信息加上最近的事件，就像“摘要”和“监控 > 事件”选项卡。',
    ),
    breaks: p(
      'describe is assembled by kubectl from several objects; events are kept only about an hour, so old problems vanish from the list.',
      'describe 是 kubectl 從多個物件組合出來的；事件只保留約一小時，所以舊的問題會從清單上消失。',
      'describe 是 kubectl 从多个对象拼出来的；事件只保留约一小时，所以旧的问题会从列表上消失。',
    ),
  },
  {
    id: 'apply',
    kubectl: ['kubectl apply -f web.yaml', 'kubectl apply -f ./manifests/'],
    powercli: ['Import-VApp -Source web.ovf -VMHost esx01', 'New-VM -Name web -Template web-tpl'],
    holds: p(
      'A file describes the workload, like an OVF or a .vmx, and deploying it creates what it describes.',
      '由檔案描述工作負載，就像 OVF 或 .vmx，部署它就會建立描述的內容。',
      '由文件描述工作负载，就像 OVF 或 .vmx，部署它就会创建描述的内容。',
    ),
    breaks: p(
      'apply records desired state and controllers keep enforcing it forever: applying again changes only the differences, and drift is corrected automatically. vSphere deploys once; drift after that is yours.',
      'apply 記錄的是期望狀態，控制器會永遠持續落實：再次套用只會變更差異，偏離也會自動修正。vSphere 只部署一次，之後的偏離要自己處理。',
      'apply 记录的是期望状态，控制器会一直持续落实：再次应用只会变更差异，偏离也会自动纠正。vSphere 只部署一次，之后的偏离要自己处理。',
    ),
  },
  {
    id: 'create',
    kubectl: ['kubectl create deployment web --image=nginx --replicas=3', 'kubectl create -f web.yaml'],
    powercli: ['New-VM -Name web -Template nginx-tpl -VMHost esx01'],
    holds: p(
      'Create a new object once, imperatively, like New-VM.',
      '以命令式一次建立新物件，就像 New-VM。',
      '以命令式一次创建新对象，就像 New-VM。',
    ),
    breaks: p(
      'It fails with AlreadyExists when the name is taken and records no desired state to re-apply; files with apply are the usual way.',
      '名稱已被使用時會以 AlreadyExists 失敗，也不會記錄可重新套用的期望狀態；一般做法是用檔案搭配 apply。',
      '名称已被使用时会以 AlreadyExists 失败，也不会记录可重新应用的期望状态；通常做法是用文件配合 apply。',
    ),
  },
  {
    id: 'run',
    kubectl: ['kubectl run web --image=nginx'],
    powercli: ['New-VM -Name web -Template nginx-tpl | Start-VM'],
    holds: p(
      'Start one workload from an image right away.',
      '立即從映像檔啟動一個工作負載。',
      '立即从镜像启动一个工作负载。',
    ),
    breaks: p(
      'A bare pod has no controller: if its node fails nothing recreates it, which is like a VM with HA disabled.',
      '單獨的 Pod 沒有控制器：所在節點故障時沒有東西會重建它，就像停用 HA 的虛擬機。',
      '单独的 Pod 没有控制器：所在节点故障时没有东西会重建它，就像禁用 HA 的虚拟机。',
    ),
  },
  {
    id: 'expose',
    kubectl: ['kubectl expose deployment web --port=80 --type=LoadBalancer'],
    powercli: [],
    holds: p(
      'Put a load-balanced address in front of a group of workloads, like creating an NSX or F5 virtual server and pool.',
      '在一組工作負載前面放一個負載平衡位址，就像建立 NSX 或 F5 的虛擬伺服器與集區。',
      '在一组工作负载前面放一个负载均衡地址，就像创建 NSX 或 F5 的虚拟服务器和池。',
    ),
    breaks: p(
      'No ticket to the network team: the Service takes the deployment\'s labels as its selector and the pool follows pods as they come and go.',
      '不用向網路團隊開單：Service 直接以 Deployment 的標籤作為 selector，集區會隨 Pod 的增減自動更新。',
      '不用向网络团队提工单：Service 直接以 Deployment 的标签作为 selector，池会随 Pod 的增减自动更新。',
    ),
  },
  {
    id: 'delete',
    kubectl: ['kubectl delete pod web-5d8f', 'kubectl delete deployment web', 'kubectl delete -f web.yaml'],
    powercli: ['Remove-VM -VM web -DeletePermanently'],
    holds: p(
      'Remove an object, with a graceful shutdown first (30 s by default), like Shutdown-VMGuest then Remove-VM.',
      '刪除物件，並先進行正常關機（預設 30 秒），就像先 Shutdown-VMGuest 再 Remove-VM。',
      '删除对象，并先进行正常关机（默认 30 秒），就像先 Shutdown-VMGuest 再 Remove-VM。',
    ),
    breaks: p(
      'Delete a pod that a ReplicaSet owns and a new one appears at once; delete the Deployment and its ReplicaSets and pods go with it (owner references, cascading).',
      '刪除由 ReplicaSet 擁有的 Pod，馬上會出現新的；刪除 Deployment，它的 ReplicaSet 與 Pod 也會一起刪除（擁有者參照，串聯刪除）。',
      '删除由 ReplicaSet 拥有的 Pod，马上会出现新的；删除 Deployment，它的 ReplicaSet 和 Pod 也会一起删除（所有者引用，级联删除）。',
    ),
  },
  {
    id: 'scale',
    kubectl: ['kubectl scale deployment web --replicas=5'],
    powercli: ['1..5 | ForEach-Object { New-VM -Name "web-$_" -Template web-tpl -VMHost (Get-VMHost | Get-Random) }'],
    holds: p(
      'Change how many copies of a workload run.',
      '改變工作負載執行的副本數量。',
      '改变工作负载运行的副本数量。',
    ),
    breaks: p(
      'There is no one-liner in vSphere: you clone from a template yourself. Here you change one number and the controller creates or removes pods, choosing which ones to remove.',
      'vSphere 沒有一行就能做到的指令：要自己從範本複製。這裡只改一個數字，控制器就會建立或移除 Pod，並自行決定移除哪些。',
      'vSphere 没有一行就能完成的命令：要自己从模板克隆。这里只改一个数字，控制器就会创建或删除 Pod，并自行决定删除哪些。',
    ),
  },
  {
    id: 'autoscale',
    kubectl: ['kubectl autoscale deployment web --min=2 --max=10 --cpu-percent=80', 'kubectl get hpa'],
    powercli: [],
    holds: p(
      'Add and remove copies as load changes, like an Aria Automation scale-out policy.',
      '隨負載變化增減副本，就像 Aria Automation 的橫向擴充原則。',
      '随负载变化增减副本，就像 Aria Automation 的横向扩展策略。',
    ),
    breaks: p(
      'Core vSphere has nothing like it: DRS moves VMs to balance hosts but never adds VMs. The HPA compares usage with requests every 15 s and changes the replica count.',
      '核心 vSphere 沒有類似功能：DRS 會移動虛擬機來平衡主機，但從不增加虛擬機。HPA 每 15 秒比較使用量與 requests，並調整副本數。',
      '核心 vSphere 没有类似功能：DRS 会迁移虚拟机来平衡主机，但从不增加虚拟机。HPA 每 15 秒比较使用量和 requests，并调整副本数。',
    ),
  },
  {
    id: 'rollout-status',
    kubectl: ['kubectl rollout status deployment/web'],
    powercli: ['Get-Task -Status Running', 'Wait-Task -Task $task'],
    holds: p(
      'Follow a change until it has finished, like watching a task in Recent Tasks.',
      '追蹤變更直到完成，就像在「最近的工作」裡看著一個工作。',
      '跟踪变更直到完成，就像在“近期任务”里看着一个任务。',
    ),
    breaks: p(
      'A rollout is not one task but a controller replacing pods step by step (maxSurge / maxUnavailable); it can stall forever, and progressDeadlineSeconds only reports that.',
      '發布不是單一工作，而是控制器逐步替換 Pod（maxSurge / maxUnavailable）；它可能永遠卡住，progressDeadlineSeconds 只會回報這件事。',
      '发布不是单个任务，而是控制器逐步替换 Pod（maxSurge / maxUnavailable）；它可能永远卡住，progressDeadlineSeconds 只会报告这件事。',
    ),
  },
  {
    id: 'rollout-history',
    kubectl: ['kubectl rollout history deployment/web'],
    powercli: ['Get-Snapshot -VM web'],
    holds: p(
      'A list of earlier versions you can return to, like the snapshot tree.',
      '一份可以回復的舊版本清單，就像快照樹。',
      '一份可以回退的旧版本列表，就像快照树。',
    ),
    breaks: p(
      'Revisions are old pod templates kept as ReplicaSets, not disk or memory state; nothing is captured from inside the containers.',
      '修訂版本是以 ReplicaSet 保存的舊 Pod 範本，不是磁碟或記憶體狀態；容器內部的任何東西都不會被保存。',
      '修订版本是以 ReplicaSet 保存的旧 Pod 模板，不是磁盘或内存状态；容器内部的任何东西都不会被保存。',
    ),
  },
  {
    id: 'rollout-undo',
    kubectl: ['kubectl rollout undo deployment/web', 'kubectl rollout undo deployment/web --to-revision=2'],
    powercli: ['Set-VM -VM web -Snapshot (Get-Snapshot -VM web -Name before-upgrade)'],
    holds: p(
      'Go back to the version that worked.',
      '回到原本可以正常運作的版本。',
      '回到原本可以正常工作的版本。',
    ),
    breaks: p(
      'It is not a snapshot revert: the old template is rolled forward as a new revision with a rolling update (no downtime), and data in volumes is not reverted.',
      '這不是還原快照：舊範本會以滾動更新的方式成為新的修訂版本（不停機），磁碟區裡的資料也不會還原。',
      '这不是恢复快照：旧模板会以滚动更新的方式成为新的修订版本（不停机），卷里的数据也不会恢复。',
    ),
  },
  {
    id: 'rollout-restart',
    kubectl: ['kubectl rollout restart deployment/web'],
    powercli: ['Get-VM web-* | Restart-VMGuest'],
    holds: p(
      'Restart every copy of a workload, one after another.',
      '依序重新啟動工作負載的每個副本。',
      '依次重启工作负载的每个副本。',
    ),
    breaks: p(
      'Pods are replaced, not rebooted: each new pod has a new name and IP, and the old one is deleted once the new one is ready.',
      'Pod 是被替換而不是重新開機：每個新 Pod 都有新的名稱與 IP，新 Pod 就緒後舊的才被刪除。',
      'Pod 是被替换而不是重启：每个新 Pod 都有新的名称和 IP，新 Pod 就绪后旧的才被删除。',
    ),
  },
  {
    id: 'rollout-pause',
    kubectl: ['kubectl rollout pause deployment/web', 'kubectl rollout resume deployment/web'],
    powercli: [],
    holds: p(
      'Hold changes back while you make several edits, then let them roll out together.',
      '在進行多項修改時先暫緩變更，之後再一起發布。',
      '在进行多项修改时先暂缓变更，之后再一起发布。',
    ),
    breaks: p(
      'No vSphere equivalent: nothing in vCenter watches a template and redeploys VMs when it changes, so there is nothing to pause.',
      'vSphere 沒有對應功能：vCenter 不會監看範本並在範本變更時重新部署虛擬機，所以也沒有東西可以暫停。',
      'vSphere 没有对应功能：vCenter 不会监视模板并在模板变更时重新部署虚拟机，所以也没有东西可以暂停。',
    ),
  },
  {
    id: 'set-image',
    kubectl: ['kubectl set image deployment/web nginx=nginx:1.27'],
    powercli: ['Set-Template', 'New-VM -Template web-tpl-v2'],
    holds: p(
      'Move a workload to a new software version.',
      '把工作負載換到新的軟體版本。',
      '把工作负载切换到新的软件版本。',
    ),
    breaks: p(
      'Changing the template is enough: the Deployment starts a rolling update by itself, where in vSphere you would rebuild or patch each VM.',
      '只要修改範本就夠了：Deployment 會自動開始滾動更新；在 vSphere 中則要重建或修補每一台虛擬機。',
      '只要修改模板就够了：Deployment 会自动开始滚动更新；在 vSphere 中则要重建或修补每一台虚拟机。',
    ),
  },
  {
    id: 'set',
    kubectl: ['kubectl set resources deployment/web --requests=cpu=250m,memory=128Mi --limits=memory=256Mi', 'kubectl set env deployment/web MODE=prod'],
    powercli: ['Set-VM -VM web -NumCpu 2 -MemoryGB 4', 'Get-VM web | Get-VMResourceConfiguration'],
    holds: p(
      'Change a workload\'s CPU and memory; requests are like reservations (used for placement) and limits like limits.',
      '修改工作負載的 CPU 與記憶體；requests 像保留（用於放置決策），limits 就像限制。',
      '修改工作负载的 CPU 和内存；requests 像预留（用于放置决策），limits 就像限制。',
    ),
    breaks: p(
      'Any change to the pod template replaces the pods (no hot-add), and memory over the limit is an OOM kill, not ballooning or swapping.',
      '對 Pod 範本的任何修改都會替換 Pod（沒有熱新增），而記憶體超過限制會被 OOM 終止，不是氣球驅動或置換。',
      '对 Pod 模板的任何修改都会替换 Pod（没有热添加），而内存超过限制会被 OOM 杀掉，不是气球驱动或交换。',
    ),
  },
  {
    id: 'label',
    kubectl: ['kubectl label pod web-5d8f tier=frontend', 'kubectl get pods -l tier=frontend'],
    powercli: ['New-TagAssignment -Entity web -Tag (Get-Tag tier-frontend)', 'Get-VM -Tag tier-frontend'],
    holds: p(
      'Key-value metadata used to group and select objects, like tags and tag categories.',
      '用來分組與選取物件的鍵值中繼資料，就像標記與標記類別。',
      '用来分组和选择对象的键值元数据，就像标记和标记类别。',
    ),
    breaks: p(
      'Labels drive behaviour: Services and ReplicaSets choose their pods by label, so relabelling a pod can take it out of its Service or make its ReplicaSet create a replacement.',
      '標籤會驅動行為：Service 與 ReplicaSet 依標籤選擇 Pod，所以更改 Pod 的標籤可能讓它離開 Service，或讓 ReplicaSet 建立替代的 Pod。',
      '标签会驱动行为：Service 和 ReplicaSet 按标签选择 Pod，所以修改 Pod 的标签可能让它离开 Service，或让 ReplicaSet 创建替代的 Pod。',
    ),
  },
  {
    id: 'annotate',
    kubectl: ['kubectl annotate deployment web owner=team-a'],
    powercli: ['Set-Annotation -Entity web -CustomAttribute Owner -Value team-a'],
    holds: p(
      'Free-form notes on an object, like custom attributes.',
      '物件上的自由格式註記，就像自訂屬性。',
      '对象上的自由格式注释，就像自定义属性。',
    ),
    breaks: p(
      'Tools read annotations as settings (ingress controllers, kubectl itself for change-cause and last-applied configuration), so they are sometimes more than notes.',
      '工具會把註解當作設定來讀取（ingress 控制器、kubectl 本身的 change-cause 與 last-applied 設定），所以它們有時不只是註記。',
      '工具会把注解当作配置来读取（ingress 控制器、kubectl 自身的 change-cause 和 last-applied 配置），所以它们有时不只是备注。',
    ),
  },
  {
    id: 'taint',
    kubectl: ['kubectl taint nodes worker-1 dedicated=db:NoSchedule', 'kubectl taint nodes worker-1 dedicated=db:NoSchedule-'],
    powercli: ['New-DrsVMHostRule -Name db-only -Cluster prod -VMGroup db -VMHostGroup db-hosts -Type MustRunOn', 'New-DrsRule -Cluster prod -Name separate -KeepTogether $false -VM web1, web2'],
    holds: p(
      'Keep some workloads on or off some hosts, like DRS VM-Host rules and anti-affinity rules.',
      '讓某些工作負載留在或避開某些主機，就像 DRS 的虛擬機-主機規則與反親和性規則。',
      '让某些工作负载留在或避开某些主机，就像 DRS 的虚拟机-主机规则和反亲和性规则。',
    ),
    breaks: p(
      'A taint sits on the node and repels every pod without a matching toleration; NoExecute also evicts pods already running. Attraction is a separate thing (node affinity), and pod anti-affinity is a third.',
      '污點放在節點上，會排斥所有沒有相符容忍的 Pod；NoExecute 還會驅逐已在執行的 Pod。吸引是另一回事（節點親和性），Pod 反親和性又是第三種機制。',
      '污点放在节点上，会排斥所有没有匹配容忍的 Pod；NoExecute 还会驱逐已在运行的 Pod。吸引是另一回事（节点亲和性），Pod 反亲和性又是第三种机制。',
    ),
  },
  {
    id: 'cordon',
    kubectl: ['kubectl cordon worker-1'],
    powercli: ['Set-VMHost -VMHost esx01 -State Maintenance'],
    holds: p(
      'Stop placing new workloads on a host, the first half of entering maintenance mode.',
      '停止在主機上放置新的工作負載，也就是進入維護模式的前半段。',
      '停止在主机上放置新的工作负载，也就是进入维护模式的前半段。',
    ),
    breaks: p(
      'Cordon only marks the node unschedulable; running pods stay where they are until you drain. vSphere has no "no new VMs, keep the old ones" switch short of a DRS rule.',
      'cordon 只把節點標記為不可排程；執行中的 Pod 會留在原地，直到你執行 drain。vSphere 除了 DRS 規則外，沒有「不放新虛擬機、保留舊的」這種開關。',
      'cordon 只把节点标记为不可调度；运行中的 Pod 会留在原地，直到你执行 drain。vSphere 除了 DRS 规则外，没有“不放新虚拟机、保留旧的”这种开关。',
    ),
  },
  {
    id: 'uncordon',
    kubectl: ['kubectl uncordon worker-1'],
    powercli: ['Set-VMHost -VMHost esx01 -State Connected'],
    holds: p(
      'Let the host take workloads again, like exiting maintenance mode.',
      '讓主機再次接收工作負載，就像退出維護模式。',
      '让主机再次接收工作负载，就像退出维护模式。',
    ),
    breaks: p(
      'Nothing moves back: the scheduler only places new pods, there is no DRS rebalancing of running ones.',
      '不會有任何東西移回來：排程器只放置新的 Pod，不會像 DRS 那樣重新平衡執行中的 Pod。',
      '不会有任何东西迁回来：调度器只放置新的 Pod，不会像 DRS 那样重新平衡运行中的 Pod。',
    ),
  },
  {
    id: 'drain',
    kubectl: ['kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data'],
    powercli: ['Set-VMHost -VMHost esx01 -State Maintenance -Evacuate'],
    holds: p(
      'Empty a host before working on it: maintenance mode with evacuation.',
      '在維護主機前先把它清空：附帶撤離的維護模式。',
      '在维护主机前先把它清空：带撤离的维护模式。',
    ),
    breaks: p(
      'Pods are evicted (deleted) and their controllers create new ones elsewhere; nothing is vMotioned live. Bare pods block the drain, PodDisruptionBudgets can make it wait, and DaemonSet pods stay.',
      'Pod 會被驅逐（刪除），再由控制器在別處建立新的；沒有任何東西會被即時 vMotion。單獨的 Pod 會擋住 drain，PodDisruptionBudget 可能讓它等待，DaemonSet 的 Pod 則會留下。',
      'Pod 会被驱逐（删除），再由控制器在别处创建新的；没有任何东西会被实时 vMotion。单独的 Pod 会挡住 drain，PodDisruptionBudget 可能让它等待，DaemonSet 的 Pod 则会留下。',
    ),
  },
  {
    id: 'logs',
    kubectl: ['kubectl logs web-5d8f', 'kubectl logs web-5d8f --previous', 'kubectl logs -f deploy/web'],
    powercli: ['Get-Log -VMHost esx01 -Key vmkernel', 'Invoke-VMScript -VM web -ScriptText "tail -n 50 /var/log/app.log"'],
    holds: p(
      'Read what a workload wrote, like vmware.log or the guest\'s log files.',
      '讀取工作負載寫出的內容，就像 vmware.log 或客體作業系統的記錄檔。',
      '读取工作负载写出的内容，就像 vmware.log 或客户机的日志文件。',
    ),
    breaks: p(
      'It is the application\'s stdout and stderr captured by the container runtime, one container at a time; it disappears with the pod, and --previous shows the instance before the last crash.',
      '這是容器執行環境擷取的應用程式 stdout 與 stderr，一次一個容器；Pod 消失時記錄也跟著消失，--previous 可看上次當掉前的那個執行個體。',
      '这是容器运行时捕获的应用程序 stdout 和 stderr，一次一个容器；Pod 消失时日志也随之消失，--previous 可查看上次崩溃前的那个实例。',
    ),
  },
  {
    id: 'exec',
    kubectl: ['kubectl exec -it web-5d8f -- sh', 'kubectl exec web-5d8f -- cat /etc/resolv.conf'],
    powercli: ['Invoke-VMScript -VM web -ScriptText "cat /etc/resolv.conf" -GuestCredential $cred'],
    holds: p(
      'Run a command inside the workload, like Invoke-VMScript.',
      '在工作負載內部執行指令，就像 Invoke-VMScript。',
      '在工作负载内部运行命令，就像 Invoke-VMScript。',
    ),
    breaks: p(
      'No VMware Tools and no guest credentials: the command runs in the container through the kubelet. The container has only what its image has (many have no shell), and changes vanish when it restarts.',
      '不需要 VMware Tools，也不需要客體憑證：指令透過 kubelet 在容器中執行。容器裡只有映像檔提供的東西（很多連 shell 都沒有），而且重新啟動後變更就消失了。',
      '不需要 VMware Tools，也不需要客户机凭据：命令通过 kubelet 在容器中运行。容器里只有镜像提供的东西（很多连 shell 都没有），而且重启后变更就消失了。',
    ),
  },
  {
    id: 'top',
    kubectl: ['kubectl top nodes', 'kubectl top pods --containers'],
    powercli: ['Get-Stat -Entity (Get-VM web) -Realtime -Stat cpu.usagemhz.average, mem.usage.average -MaxSamples 1'],
    holds: p(
      'Current CPU and memory use per host and per workload, like the performance charts.',
      '每台主機與每個工作負載目前的 CPU 與記憶體使用量，就像效能圖表。',
      '每台主机和每个工作负载当前的 CPU 和内存使用量，就像性能图表。',
    ),
    breaks: p(
      'Only the latest sample from metrics-server (no history, no charts); CPU is in millicores, and usage means nothing for placement, which uses requests.',
      '只有 metrics-server 的最新一筆樣本（沒有歷史、沒有圖表）；CPU 以 millicore 計，而且放置決策看的是 requests，不是使用量。',
      '只有 metrics-server 的最新一个样本（没有历史、没有图表）；CPU 以 millicore 计，而且放置决策看的是 requests，不是使用量。',
    ),
  },
  {
    id: 'explain',
    kubectl: ['kubectl explain pods.spec.containers', 'kubectl explain deployment --recursive'],
    powercli: ['Get-Help New-VM -Full'],
    holds: p(
      'Built-in documentation for every field, like Get-Help for every parameter.',
      '每個欄位都有內建說明，就像每個參數都有 Get-Help。',
      '每个字段都有内置说明，就像每个参数都有 Get-Help。',
    ),
    breaks: p(
      'It documents the objects you write, read from the server\'s own schema (custom resources included), not commands.',
      '它說明的是你要撰寫的物件，內容來自伺服器自己的結構描述（包含自訂資源），而不是指令。',
      '它说明的是你要编写的对象，内容来自服务器自己的模式（包括自定义资源），而不是命令。',
    ),
  },
  {
    id: 'api-resources',
    kubectl: ['kubectl api-resources'],
    powercli: ['Get-Command -Module VMware.VimAutomation.Core'],
    holds: p(
      'What kinds of things you can manage.',
      '你可以管理哪些種類的東西。',
      '你可以管理哪些种类的东西。',
    ),
    breaks: p(
      'The list comes from the server and grows when someone installs a CustomResourceDefinition; the verbs are always the same.',
      '這份清單來自伺服器，有人安裝 CustomResourceDefinition 時就會變多；動詞則永遠一樣。',
      '这份列表来自服务器，有人安装 CustomResourceDefinition 时就会变多；动词则始终一样。',
    ),
  },
  {
    id: 'version',
    kubectl: ['kubectl version'],
    powercli: ['Get-PowerCLIVersion', '$global:DefaultVIServer | Select Name, Version, Build'],
    holds: p(
      'The client and server versions.',
      '用戶端與伺服器的版本。',
      '客户端和服务器的版本。',
    ),
    breaks: p(
      'kubectl supports servers one minor version older or newer than itself; a bigger skew is unsupported.',
      'kubectl 支援比自己舊或新一個次要版本的伺服器；差距更大則不受支援。',
      'kubectl 支持比自己旧或新一个次版本的服务器；差距更大则不受支持。',
    ),
  },
  {
    id: 'cluster-info',
    kubectl: ['kubectl cluster-info', 'kubectl get nodes'],
    powercli: ['Get-Cluster', '$global:DefaultVIServer'],
    holds: p(
      'Where the control plane is and what the cluster is made of.',
      '控制平面在哪裡，以及叢集由哪些部分組成。',
      '控制平面在哪里，以及集群由哪些部分组成。',
    ),
    breaks: p(
      'A Kubernetes cluster is its own control plane (the apiserver plays vCenter\'s role), not a group of hosts inside a vCenter.',
      'Kubernetes 叢集有自己的控制平面（apiserver 扮演 vCenter 的角色），而不是 vCenter 裡的一組主機。',
      'Kubernetes 集群有自己的控制平面（apiserver 扮演 vCenter 的角色），而不是 vCenter 里的一组主机。',
    ),
  },
  {
    id: 'config',
    kubectl: ['kubectl config get-contexts', 'kubectl config use-context prod', 'kubectl config set-context --current --namespace=team-a'],
    powercli: ['Connect-VIServer -Server vcenter.lab.local', '$global:DefaultVIServers'],
    holds: p(
      'Which endpoint you talk to and as whom.',
      '你連到哪個端點，以及用什麼身分連線。',
      '你连接到哪个端点，以及用什么身份连接。',
    ),
    breaks: p(
      'There is no login session: the kubeconfig file holds clusters, users and contexts, every command sends credentials, and a context also picks the default namespace.',
      '沒有登入工作階段：kubeconfig 檔案保存叢集、使用者與內容，每個指令都會送出憑證，而且內容還會決定預設的命名空間。',
      '没有登录会话：kubeconfig 文件保存集群、用户和上下文，每个命令都会发送凭据，而且上下文还会决定默认的命名空间。',
    ),
  },
  {
    id: 'edit',
    kubectl: ['kubectl edit deployment web'],
    powercli: ['Set-VM -VM web'],
    holds: p(
      'Change an object\'s settings in place, like Edit Settings in the vSphere Client.',
      '直接修改物件的設定，就像 vSphere Client 的「編輯設定」。',
      '直接修改对象的设置，就像 vSphere Client 的“编辑设置”。',
    ),
    breaks: p(
      'Saving submits the whole object; controllers act on it immediately (a template change rolls out new pods), and the change is not in your YAML files unless you copy it back.',
      '儲存會送出整個物件；控制器會立即處理（範本變更會發布新的 Pod），而且除非你複製回去，這個變更不會出現在你的 YAML 檔案裡。',
      '保存会提交整个对象；控制器会立即处理（模板变更会发布新的 Pod），而且除非你复制回去，这个变更不会出现在你的 YAML 文件里。',
    ),
  },
  {
    id: 'port-forward',
    kubectl: ['kubectl port-forward svc/web 8080:80'],
    powercli: [],
    holds: p(
      'Reach one workload\'s port from your workstation, like an SSH tunnel or a temporary NAT rule.',
      '從你的工作站連到某個工作負載的連接埠，就像 SSH 通道或臨時的 NAT 規則。',
      '从你的工作站连接到某个工作负载的端口，就像 SSH 隧道或临时的 NAT 规则。',
    ),
    breaks: p(
      'It goes through the apiserver and the kubelet to one pod (even for svc/), only while the command runs; it is for debugging, not for serving users.',
      '它經由 apiserver 與 kubelet 連到單一個 Pod（即使指定 svc/ 也是），而且只在指令執行期間有效；它是除錯用的，不是對使用者提供服務。',
      '它经由 apiserver 和 kubelet 连接到单个 Pod（即使指定 svc/ 也是），而且只在命令运行期间有效；它是调试用的，不是对用户提供服务。',
    ),
  },
  {
    id: 'patch',
    kubectl: ["kubectl patch deployment web -p '{\"spec\":{\"replicas\":2}}'"],
    powercli: ['Set-VM -VM web -MemoryGB 8'],
    holds: p(
      'Change one setting without touching the rest.',
      '只修改一項設定，不動其他部分。',
      '只修改一项设置，不动其他部分。',
    ),
    breaks: p(
      'The patch is merged into the stored object (strategic merge, JSON merge or JSON patch), and controllers react as to any other change.',
      '修補會合併進儲存的物件（strategic merge、JSON merge 或 JSON patch），控制器會像面對其他變更一樣做出反應。',
      '补丁会合并进存储的对象（strategic merge、JSON merge 或 JSON patch），控制器会像面对其他变更一样作出反应。',
    ),
  },
  {
    id: 'replace',
    kubectl: ['kubectl replace -f web.yaml'],
    powercli: [],
    holds: p(
      'Swap an object\'s whole definition for the one in a file, like redeploying from an edited OVF.',
      '用檔案中的定義整個取代物件，就像用修改過的 OVF 重新部署。',
      '用文件中的定义整个替换对象，就像用修改过的 OVF 重新部署。',
    ),
    breaks: p(
      'The object keeps its identity (same name and UID) and only fields you left out are lost; pods are replaced only if the template changed.',
      '物件保有原本的身分（相同名稱與 UID），只有你省略的欄位會遺失；只有範本變更時 Pod 才會被替換。',
      '对象保持原来的身份（相同名称和 UID），只有你省略的字段会丢失；只有模板变更时 Pod 才会被替换。',
    ),
  },
  {
    id: 'events',
    kubectl: ['kubectl events', 'kubectl get events --sort-by=.lastTimestamp'],
    powercli: ['Get-VIEvent -MaxSamples 50'],
    holds: p(
      'What happened recently and who did it, like the Events view.',
      '最近發生了什麼事、是誰做的，就像「事件」檢視。',
      '最近发生了什么、是谁做的，就像“事件”视图。',
    ),
    breaks: p(
      'Events are ordinary objects kept about an hour; repeats are counted on one event instead of piling up.',
      '事件是一般的物件，只保留約一小時；重複的事件會累計在同一筆上，而不是一直增加。',
      '事件是普通对象，只保留约一小时；重复的事件会累计在同一条上，而不是不断增加。',
    ),
  },
  {
    id: 'wait',
    kubectl: ['kubectl wait --for=condition=Ready pod/web-5d8f --timeout=60s'],
    powercli: ['Wait-Task -Task $task'],
    holds: p(
      'Block until something is done, for scripts.',
      '在指令碼中等待某件事完成。',
      '在脚本中等待某件事完成。',
    ),
    breaks: p(
      'It waits for a condition on an object (Ready, Available, deleted), not for a task, since Kubernetes has no tasks.',
      '它等的是物件上的條件（Ready、Available、已刪除），而不是工作，因為 Kubernetes 沒有工作這種東西。',
      '它等待的是对象上的条件（Ready、Available、已删除），而不是任务，因为 Kubernetes 没有任务这种东西。',
    ),
  },
  {
    id: 'attach',
    kubectl: ['kubectl attach -it web-5d8f'],
    powercli: ['Open-VMConsoleWindow -VM web'],
    holds: p(
      'Connect to the main process\'s console, like opening the VM console.',
      '連到主要行程的主控台，就像開啟虛擬機主控台。',
      '连接到主进程的控制台，就像打开虚拟机控制台。',
    ),
    breaks: p(
      'You see the container\'s own stdin and stdout, not a login screen; leaving with Ctrl-C may stop the process.',
      '你看到的是容器本身的 stdin 與 stdout，而不是登入畫面；用 Ctrl-C 離開可能會停止該行程。',
      '你看到的是容器自身的 stdin 和 stdout，而不是登录界面；用 Ctrl-C 退出可能会停止该进程。',
    ),
  },
  {
    id: 'cp',
    kubectl: ['kubectl cp ./app.conf web-5d8f:/tmp/app.conf'],
    powercli: ['Copy-VMGuestFile -Source ./app.conf -Destination /tmp/ -VM web -LocalToGuest -GuestCredential $cred'],
    holds: p(
      'Copy files into or out of a workload.',
      '把檔案複製進或複製出工作負載。',
      '把文件复制进或复制出工作负载。',
    ),
    breaks: p(
      'It needs tar inside the image, and anything copied into a container is lost when the pod is replaced: use a ConfigMap or a volume instead.',
      '映像檔裡需要有 tar，而且複製進容器的東西在 Pod 被替換後就消失了：應改用 ConfigMap 或磁碟區。',
      '镜像里需要有 tar，而且复制进容器的东西在 Pod 被替换后就消失了：应改用 ConfigMap 或卷。',
    ),
  },
  {
    id: 'proxy',
    kubectl: ['kubectl proxy --port=8001'],
    powercli: [],
    holds: p(
      'Open the cluster API on localhost with your credentials, a bit like browsing the vCenter MOB.',
      '用你的憑證把叢集 API 開在 localhost 上，有點像瀏覽 vCenter 的 MOB。',
      '用你的凭据把集群 API 开在 localhost 上，有点像浏览 vCenter 的 MOB。',
    ),
    breaks: p(
      'No analogy in PowerCLI: it is a plain HTTP gateway to the REST API that every tool uses.',
      'PowerCLI 中沒有對應：它只是通往所有工具共用的 REST API 的 HTTP 閘道。',
      'PowerCLI 中没有对应：它只是通往所有工具共用的 REST API 的 HTTP 网关。',
    ),
  },
  {
    id: 'auth',
    kubectl: ['kubectl auth can-i delete pods -n team-a', 'kubectl auth whoami'],
    powercli: ['Get-VIPermission -Entity (Get-ResourcePool team-a)', 'Get-VIPrivilege'],
    holds: p(
      'Who may do what where: roles and permissions.',
      '誰可以在哪裡做什麼：角色與權限。',
      '谁可以在哪里做什么：角色和权限。',
    ),
    breaks: p(
      'RBAC only allows (no deny rules), roles name API verbs on resources, and bindings are per namespace or cluster-wide rather than on inventory objects.',
      'RBAC 只有允許（沒有拒絕規則），角色列出的是資源上的 API 動詞，而繫結是針對命名空間或整個叢集，而不是清查中的物件。',
      'RBAC 只有允许（没有拒绝规则），角色列出的是资源上的 API 动词，而绑定是针对命名空间或整个集群，而不是清单中的对象。',
    ),
  },
  {
    id: 'debug',
    kubectl: ['kubectl debug -it web-5d8f --image=busybox --target=nginx', 'kubectl debug node/worker-1 -it --image=busybox'],
    powercli: ['New-CDDrive -VM web -IsoPath "[ds1] iso/tools.iso"'],
    holds: p(
      'Bring tools to a workload that lacks them, like mounting a tools ISO.',
      '把工具帶給缺少工具的工作負載，就像掛載一個工具 ISO。',
      '把工具带给缺少工具的工作负载，就像挂载一个工具 ISO。',
    ),
    breaks: p(
      'An ephemeral container joins the running pod and shares its network and process namespaces; nothing is installed into the original image.',
      '臨時容器會加入執行中的 Pod，共用它的網路與行程命名空間；不會在原本的映像檔裡安裝任何東西。',
      '临时容器会加入运行中的 Pod，共享它的网络和进程命名空间；不会在原来的镜像里安装任何东西。',
    ),
  },
  {
    id: 'diff',
    kubectl: ['kubectl diff -f web.yaml'],
    powercli: ['Compare-Object (Get-VM web | Select *) $baseline'],
    holds: p(
      'See what would change before changing it, like a drift report.',
      '在變更前先看會改變什麼，就像偏離報告。',
      '在变更前先看会改变什么，就像偏离报告。',
    ),
    breaks: p(
      'The server computes the result of applying your file (a dry run), so defaults and admission changes show up too.',
      '由伺服器計算套用你的檔案後的結果（試執行），所以預設值與准入控制的修改也會顯示出來。',
      '由服务器计算应用你的文件后的结果（试运行），所以默认值和准入控制的修改也会显示出来。',
    ),
  },
  {
    id: 'completion',
    kubectl: ['kubectl completion bash', 'kubectl completion powershell'],
    powercli: [],
    holds: p(
      'Tab completion for commands, types and names.',
      '指令、類型與名稱的 Tab 自動完成。',
      '命令、类型和名称的 Tab 补全。',
    ),
    breaks: p(
      'No analogy needed: PowerShell completes cmdlets and parameters by itself; kubectl generates a script for your shell (PowerShell included).',
      '不需要對應：PowerShell 本身就會自動完成 cmdlet 與參數；kubectl 則為你的 shell（包括 PowerShell）產生一段指令碼。',
      '不需要对应：PowerShell 本身就会补全 cmdlet 和参数；kubectl 则为你的 shell（包括 PowerShell）生成一段脚本。',
    ),
  },
  {
    id: 'api-versions',
    kubectl: ['kubectl api-versions'],
    powercli: ['$global:DefaultVIServer.ExtensionData.Content.About.ApiVersion'],
    holds: p(
      'Which API versions the server speaks.',
      '伺服器支援哪些 API 版本。',
      '服务器支持哪些 API 版本。',
    ),
    breaks: p(
      'Each API group has its own versions (apps/v1, batch/v1, networking.k8s.io/v1), and one object can be read in several of them.',
      '每個 API 群組都有自己的版本（apps/v1、batch/v1、networking.k8s.io/v1），同一個物件可以用好幾個版本讀取。',
      '每个 API 组都有自己的版本（apps/v1、batch/v1、networking.k8s.io/v1），同一个对象可以用多个版本读取。',
    ),
  },
  {
    id: 'plugin',
    kubectl: ['kubectl plugin list'],
    powercli: ['Get-Module -ListAvailable VMware.*'],
    holds: p(
      'Extra commands installed next to the tool, like PowerShell modules.',
      '安裝在工具旁邊的額外指令，就像 PowerShell 模組。',
      '安装在工具旁边的额外命令，就像 PowerShell 模块。',
    ),
    breaks: p(
      'A plugin is any executable named kubectl-<name> on the PATH; it runs as a separate program.',
      '外掛程式就是 PATH 上任何名為 kubectl-<name> 的可執行檔，以獨立的程式執行。',
      '插件就是 PATH 上任何名为 kubectl-<name> 的可执行文件，以独立的程序运行。',
    ),
  },
  // ---- cards that answer PowerCLI cmdlets with no single kubectl command --------------
  {
    id: 'move-vm',
    kubectl: ['kubectl delete pod web-5d8f', 'kubectl drain worker-1 --ignore-daemonsets', 'kubectl get pods -o wide'],
    powercli: ['Move-VM -VM web -Destination esx02'],
    holds: p(
      'You can still get a workload off a host, and nodeSelector or affinity choose where pods may go.',
      '你仍然可以讓工作負載離開某台主機，並用 nodeSelector 或親和性決定 Pod 可以去哪裡。',
      '你仍然可以让工作负载离开某台主机，并用 nodeSelector 或亲和性决定 Pod 可以去哪里。',
    ),
    breaks: p(
      'There is no live migration: a pod never changes node. You delete it (or drain the node) and its controller creates a new pod that the scheduler places.',
      '沒有即時移轉：Pod 永遠不會換節點。你刪除它（或對節點執行 drain），由控制器建立新的 Pod，再交給排程器放置。',
      '没有实时迁移：Pod 永远不会换节点。你删除它（或对节点执行 drain），由控制器创建新的 Pod，再交给调度器放置。',
    ),
  },
  {
    id: 'start-vm',
    kubectl: ['kubectl scale deployment web --replicas=1', 'kubectl apply -f web-pod.yaml'],
    powercli: ['Start-VM -VM web'],
    holds: p(
      'Making a workload run again is scaling it up or creating it.',
      '讓工作負載再次執行，就是把它擴充上來或重新建立。',
      '让工作负载再次运行，就是把它扩容上来或重新创建。',
    ),
    breaks: p(
      'Pods have no power state: there is nothing to start, only objects to create and controllers that create pods.',
      'Pod 沒有電源狀態：沒有東西可以「開機」，只有要建立的物件，以及會建立 Pod 的控制器。',
      'Pod 没有电源状态：没有东西可以“开机”，只有要创建的对象，以及会创建 Pod 的控制器。',
    ),
  },
  {
    id: 'stop-vm',
    kubectl: ['kubectl scale deployment web --replicas=0', 'kubectl delete pod web-5d8f'],
    powercli: ['Stop-VM -VM web', 'Shutdown-VMGuest -VM web'],
    holds: p(
      'Stopping a workload is scaling it to zero; its definition stays.',
      '停止工作負載就是把它縮減到零；它的定義會保留。',
      '停止工作负载就是把它缩容到零；它的定义会保留。',
    ),
    breaks: p(
      'Deleting one pod of a Deployment does not stop it: a replacement starts at once. Stop means fewer replicas, not a powered-off copy.',
      '刪除 Deployment 的一個 Pod 並不會讓它停止：替代的 Pod 會立刻啟動。停止的意思是減少副本，而不是留下一個關機的副本。',
      '删除 Deployment 的一个 Pod 并不会让它停止：替代的 Pod 会立即启动。停止的意思是减少副本，而不是留下一个关机的副本。',
    ),
  },
  {
    id: 'suspend-vm',
    kubectl: ['kubectl scale deployment web --replicas=0'],
    powercli: ['Suspend-VM -VM web'],
    holds: p(
      'Scaling to zero frees the resources, as suspending does.',
      '縮減到零會釋放資源，就像暫停一樣。',
      '缩容到零会释放资源，就像挂起一样。',
    ),
    breaks: p(
      'No analogy for the saved memory state: a container cannot be suspended and resumed; new pods start from the image.',
      '記憶體狀態的保存沒有對應：容器不能暫停再繼續；新的 Pod 都是從映像檔啟動。',
      '内存状态的保存没有对应：容器不能挂起再恢复；新的 Pod 都是从镜像启动。',
    ),
  },
  {
    id: 'new-snapshot',
    kubectl: ['kubectl get deployment web -o yaml > web-backup.yaml', 'kubectl rollout history deployment/web'],
    powercli: ['New-Snapshot -VM web -Name before-upgrade'],
    holds: p(
      'Every change to a Deployment\'s template is kept as a revision you can roll back to, and the YAML itself is a backup of the definition.',
      'Deployment 範本的每次變更都會保存為可回復的修訂版本，而 YAML 本身就是定義的備份。',
      'Deployment 模板的每次变更都会保存为可回滚的修订版本，而 YAML 本身就是定义的备份。',
    ),
    breaks: p(
      'No disk or memory state is captured; data on volumes needs a VolumeSnapshot (the CSI driver) or a backup tool.',
      '不會保存任何磁碟或記憶體狀態；磁碟區上的資料需要 VolumeSnapshot（CSI 驅動程式）或備份工具。',
      '不会保存任何磁盘或内存状态；卷上的数据需要 VolumeSnapshot（CSI 驱动）或备份工具。',
    ),
  },
  {
    id: 'network-adapter',
    kubectl: ['kubectl get pod web-5d8f -o wide', "kubectl get pod web-5d8f -o jsonpath='{.status.podIP}'"],
    powercli: ['Get-NetworkAdapter -VM web', 'Get-VMGuest -VM web | Select IPAddress'],
    holds: p(
      'Each pod has one network interface with its own IP, shared by all its containers.',
      '每個 Pod 有一個網路介面和自己的 IP，由它的所有容器共用。',
      '每个 Pod 有一个网络接口和自己的 IP，由它的所有容器共享。',
    ),
    breaks: p(
      'The IP comes from the node\'s pod range and changes whenever the pod is replaced; no MAC to pin, no port group to choose. Talk to a Service name instead.',
      'IP 來自節點的 Pod 位址範圍，每次 Pod 被替換都會改變；沒有可以固定的 MAC，也沒有連接埠群組可選。請改用 Service 名稱通訊。',
      'IP 来自节点的 Pod 地址范围，每次 Pod 被替换都会变化；没有可以固定的 MAC，也没有端口组可选。请改用 Service 名称通信。',
    ),
  },
  {
    id: 'portgroup',
    kubectl: ['kubectl get services', 'kubectl get networkpolicies'],
    powercli: ['Get-VirtualPortGroup', 'Get-VDPortgroup'],
    holds: p(
      'Network segmentation and how workloads are reached.',
      '網路區隔，以及如何連到工作負載。',
      '网络隔离，以及如何访问工作负载。',
    ),
    breaks: p(
      'The pod network is flat: every pod can reach every other pod by default, with no VLANs. Segmentation is done with NetworkPolicy, by labels.',
      'Pod 網路是扁平的：預設每個 Pod 都能連到其他所有 Pod，沒有 VLAN。區隔是透過 NetworkPolicy 依標籤來做。',
      'Pod 网络是扁平的：默认每个 Pod 都能访问其他所有 Pod，没有 VLAN。隔离是通过 NetworkPolicy 按标签来做。',
    ),
  },
  {
    id: 'affinity',
    kubectl: ['kubectl get pod web-5d8f -o jsonpath=\'{.spec.affinity}\'', 'kubectl explain pod.spec.affinity'],
    powercli: ['Get-DrsRule -Cluster prod', 'New-DrsRule -Cluster prod -Name spread -KeepTogether $false -VM web1, web2'],
    holds: p(
      'Keep workloads together or apart, and on certain hosts, like DRS affinity and anti-affinity rules.',
      '讓工作負載聚在一起或分開，或只放在某些主機上，就像 DRS 的親和性與反親和性規則。',
      '让工作负载聚在一起或分开，或只放在某些主机上，就像 DRS 的亲和性和反亲和性规则。',
    ),
    breaks: p(
      'The rules live in each pod\'s spec (podAffinity, podAntiAffinity, nodeAffinity, topologySpreadConstraints) and are matched by labels; they apply only when a pod is scheduled, running pods are never moved.',
      '規則寫在每個 Pod 的 spec 裡（podAffinity、podAntiAffinity、nodeAffinity、topologySpreadConstraints），並依標籤比對；只在排程 Pod 時生效，執行中的 Pod 永遠不會被移動。',
      '规则写在每个 Pod 的 spec 里（podAffinity、podAntiAffinity、nodeAffinity、topologySpreadConstraints），并按标签匹配；只在调度 Pod 时生效，运行中的 Pod 永远不会被迁移。',
    ),
  },
  {
    id: 'export',
    kubectl: ['kubectl get deployment web -o yaml > web.yaml'],
    powercli: ['Export-VApp -VM web -Destination ./web'],
    holds: p(
      'Save a workload\'s definition to a file you can deploy again.',
      '把工作負載的定義存成可以再次部署的檔案。',
      '把工作负载的定义保存为可以再次部署的文件。',
    ),
    breaks: p(
      'Only the definition is exported, with server-set fields (status, uid, resourceVersion) you should strip; images stay in the registry and data stays on volumes.',
      '只會匯出定義，其中包含應該刪除的伺服器欄位（status、uid、resourceVersion）；映像檔留在登錄庫，資料留在磁碟區。',
      '只会导出定义，其中包含应该删除的服务器字段（status、uid、resourceVersion）；镜像留在镜像仓库，数据留在卷上。',
    ),
  },
];
