// What an image has inside, as far as `kubectl exec` can tell: which shell
// (busybox ash, Debian's dash plus bash, none at all in distroless and
// scratch images), which tools are installed, the working directory and
// the user. Images not listed are treated like the common Debian-based
// ones, with a shell and coreutils but no network tools.
import { parseImage } from '../../runtime/kubelet/images';

export type ShellFlavour = 'ash' | 'dash' | 'bash';

export interface ImageProfile {
  /** What `sh` is; undefined: the image has no shell. */
  sh?: ShellFlavour;
  /** Whether `bash` exists. */
  bash: boolean;
  /** Commands on $PATH besides the shell builtins. */
  tools: ReadonlySet<string>;
  workdir: string;
  user: { name: string; uid: number; gid: number; group: string };
  /** busybox ≤ 1.28 has the old nslookup (the one the Kubernetes DNS docs show). */
  oldNslookup?: boolean;
  /** bash's default prompt where there is no /etc/bash.bashrc (`bash-5.1# `). */
  bareBashPrompt?: string;
  /** Top-level directories, for `ls /`. */
  rootDirs: readonly string[];
}

const COREUTILS = ['cat', 'ls', 'env', 'printenv', 'hostname', 'id', 'whoami', 'date', 'sleep', 'uname', 'head', 'tail', 'wc', 'sort', 'grep', 'mkdir', 'touch', 'rm', 'true', 'false', 'echo', 'pwd', 'printf'];
const BUSYBOX = [...COREUTILS, 'wget', 'nslookup', 'ping', 'nc'];

const DEBIAN_ROOT = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];
const BUSYBOX_ROOT = ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];
const ALPINE_ROOT = ['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];

const ROOT = { name: 'root', uid: 0, gid: 0, group: 'root' };

const debian = (extra: string[] = [], workdir = '/', rootDirs: readonly string[] = DEBIAN_ROOT): ImageProfile => ({
  sh: 'dash',
  bash: true,
  tools: new Set([...COREUTILS, ...extra]),
  workdir,
  user: ROOT,
  rootDirs,
});

const busybox = (extra: string[] = [], rootDirs: readonly string[] = BUSYBOX_ROOT): ImageProfile => ({ sh: 'ash', bash: false, tools: new Set([...BUSYBOX, ...extra]), workdir: '/', user: ROOT, rootDirs });

const NO_SHELL: ImageProfile = { bash: false, tools: new Set(), workdir: '/', user: ROOT, rootDirs: [] };

/** Repository path (as parseImage gives it, domain/path) → profile. */
const PROFILES: Record<string, ImageProfile> = {
  'docker.io/library/nginx': debian(['curl'], '/', [...DEBIAN_ROOT, 'docker-entrypoint.d', 'docker-entrypoint.sh'].sort()),
  'docker.io/library/httpd': debian([], '/usr/local/apache2'),
  'docker.io/library/redis': debian([], '/data'),
  'docker.io/library/postgres': debian([], '/'),
  'docker.io/library/mysql': { sh: 'bash', bash: true, tools: new Set(COREUTILS), workdir: '/', user: ROOT, bareBashPrompt: '5.1', rootDirs: ['afs', ...DEBIAN_ROOT].sort() },
  'docker.io/library/ubuntu': debian(),
  'docker.io/library/debian': debian(),
  'docker.io/library/perl': debian(['curl', 'wget']),
  'docker.io/library/busybox': busybox(),
  'registry.k8s.io/busybox': busybox(),
  'k8s.gcr.io/busybox': busybox(),
  'gcr.io/google-containers/busybox': busybox(),
  'docker.io/library/alpine': busybox([], ALPINE_ROOT),
  'docker.io/curlimages/curl': { ...busybox(['curl'], ALPINE_ROOT), workdir: '/home/curl_user', user: { name: 'curl_user', uid: 100, gid: 101, group: 'curl_group' } },
  'registry.k8s.io/e2e-test-images/nginx': busybox([], ALPINE_ROOT),
  // Distroless and scratch images: a single binary, no shell, no tools.
  'registry.k8s.io/pause': NO_SHELL,
  'k8s.gcr.io/pause': NO_SHELL,
  'docker.io/vish/stress': NO_SHELL,
  'registry.k8s.io/goproxy': NO_SHELL,
  'k8s.gcr.io/goproxy': NO_SHELL,
  'gcr.io/google-samples/hello-app': NO_SHELL,
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': NO_SHELL,
  'registry.k8s.io/coredns/coredns': NO_SHELL,
};

export function profileFor(image: string): ImageProfile {
  const ref = parseImage(image);
  if (!ref) return debian();
  const repo = `${ref.domain}/${ref.path}`;
  const found = PROFILES[repo] ?? debian();
  if (found.sh === 'ash' && /busybox/.test(repo) && /^1\.(2[0-8])(\.|$)/.test(ref.tag ?? '')) return { ...found, oldNslookup: true };
  return found;
}

/** Whether `cmd` (a name or a path) names something the image can exec. */
export function hasExecutable(profile: ImageProfile, cmd: string): boolean {
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (name === 'sh') return profile.sh !== undefined;
  if (name === 'bash') return profile.bash;
  if (name === 'ash') return profile.sh === 'ash';
  if (name === 'dash') return profile.sh === 'dash';
  return profile.tools.has(name);
}
