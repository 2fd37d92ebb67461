#!/usr/bin/env bash
# Makes a Node base image from this machine's own Node, for a container engine that cannot reach an
# image registry (docker/Dockerfile's NODE_IMAGE defaults to the official node:20-bookworm-slim):
# the node binary, npm, a shell for npm's scripts, the libraries they link, and the `node` user
# (uid 1000) the official image has. Imported in seconds; nothing is downloaded.
#   scripts/build-local-node-image.sh [tag]     (default rtlab-node:local; needs podman)
# Run again, it keeps an image already there (set RTLAB_REBUILD_BASE=1 to make it anew).
set -euo pipefail
tag="${1:-rtlab-node:local}"
if [ "${RTLAB_REBUILD_BASE:-}" != 1 ] && podman image exists "$tag"; then
  echo "$tag already exists"
  exit 0
fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
shell_bin="$(readlink -f /bin/sh)"

mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules" "$root/bin" "$root/tmp" "$root/etc" \
  "$root/home/node" "$root/usr/bin"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"
cp -r "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
cp "$shell_bin" "$root/bin/sh"
ln -s /usr/local/bin/node "$root/usr/bin/node" # `#!/usr/bin/env node` finds it on PATH; some scripts name /usr/bin/node
cp "$(readlink -f /usr/bin/env)" "$root/usr/bin/env"

# Every library the binaries link, at the path the loader looks for it.
for binary in "$node_bin" "$shell_bin" /usr/bin/env; do
  ldd "$binary" | grep -oE '/[^ ]+' | while read -r library; do
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
  done
done

# glibc's other parts, which native addons (vite's rolldown, lightningcss) link but node does not.
libdir="$(dirname "$(ldd "$node_bin" | grep -oE '/[^ ]+/libc\.so\.6')")"
for name in librt.so.1 libresolv.so.2 libutil.so.1 libanl.so.1 libnss_files.so.2 libnss_dns.so.2; do
  [ -e "$libdir/$name" ] && cp -L "$libdir/$name" "$root$libdir/$name"
done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
node:x:1000:
GROUP
chown 1000:1000 "$root/home/node"

# This machine's trusted authorities (a proxy's own CA among them), so npm reaches the registry
# from inside a build as it does from here.
mkdir -p "$root/etc/ssl/certs" "$root/usr/local/etc"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$root/usr/local/etc/npmrc"

tar -C "$root" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$tag" >/dev/null
echo "$tag built from $node_bin ($(node --version))"
