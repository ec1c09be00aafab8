#!/bin/sh
# Installs (or, with --uninstall, removes) alps-ghost-agent as a systemd service in FHS places.
#
#   deploy/install.sh [--prefix /usr/local] [--sysconfdir /etc] [--unitdir /etc/systemd/system]
#                     [--destdir DIR] [--from PUBLISH_DIR | --profile single-file|native-aot] [--kernel ghost|linux]
#   deploy/install.sh --uninstall [--prefix ...] [--destdir DIR]
#
# Install: publishes the agent with --profile (default single-file: self-contained; native-aot: 7 MB, no ML.NET
# forest trainer) unless --from names a folder that already holds alps-ghost-agent and libalpsghost.so, then copies
#   PREFIX/lib/alps-ghost/{alps-ghost-agent,libalpsghost.so}, PREFIX/bin/alps-ghost-agent (symlink),
#   SYSCONFDIR/alps-ghost/all.json, SYSCONFDIR/default/alps-ghost (both kept if they exist),
#   UNITDIR/alps-ghost.service, PREFIX/share/doc/alps-ghost/*.md
# The defaults file names the backend: --kernel, else `ghost` where /sys/fs/ghost exists and `linux` (the
# stock-Linux backend, docs/linux-backend.md) elsewhere.
# It records every file it wrote in PREFIX/share/alps-ghost/install-manifest; --uninstall removes exactly
# those files (stopping and disabling the service first when systemd runs). --destdir stages everything under
# DIR (packaging, tests) and never touches systemd. Exit 0 ok, 1 failure, 2 bad arguments.
set -eu

prefix=/usr/local
sysconfdir=/etc
unitdir=/etc/systemd/system
destdir=
from=
kernel=
profile=single-file
uninstall=0

die() { echo "install.sh: $1" >&2; exit "${2:-1}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix|--sysconfdir|--unitdir|--destdir|--from|--kernel|--profile)
            [ $# -ge 2 ] || die "$1 needs a value" 2
            case "$1" in
                --prefix) prefix=$2 ;; --sysconfdir) sysconfdir=$2 ;; --unitdir) unitdir=$2 ;;
                --destdir) destdir=$2 ;; --from) from=$2 ;; --kernel) kernel=$2 ;; --profile) profile=$2 ;;
            esac
            shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1': expected --prefix, --sysconfdir, --unitdir, --destdir, --from, --profile, --kernel or --uninstall" 2 ;;
    esac
done
if [ -z "$kernel" ]; then
    if [ -d /sys/fs/ghost ]; then kernel=ghost; else kernel=linux; fi
fi
case "$kernel" in ghost|linux) ;; *) die "--kernel '$kernel' is not valid: expected ghost or linux" 2 ;; esac
case "$profile" in single-file|native-aot) ;; *) die "--profile '$profile' is not valid: expected single-file or native-aot" 2 ;; esac
for dir in "$prefix" "$sysconfdir" "$unitdir"; do
    case "$dir" in /*) ;; *) die "'$dir' is not an absolute path: --prefix, --sysconfdir and --unitdir must be absolute" 2 ;; esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
libdir=$prefix/lib/alps-ghost
bindir=$prefix/bin
docdir=$prefix/share/doc/alps-ghost
manifest=$prefix/share/alps-ghost/install-manifest
systemd_live() { [ -z "$destdir" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

if [ "$uninstall" = 1 ]; then
    [ -f "$destdir$manifest" ] || die "nothing to uninstall: $destdir$manifest does not exist (installed with another --prefix?)"
    if systemd_live; then
        systemctl disable --now alps-ghost.service || true
    fi
    while IFS= read -r path; do
        rm -f "$destdir$path"
    done < "$destdir$manifest"
    rm -f "$destdir$manifest"
    for dir in "$libdir" "$docdir" "$prefix/share/alps-ghost" "$sysconfdir/alps-ghost"; do
        rmdir "$destdir$dir" 2>/dev/null || true
    done
    if systemd_live; then
        systemctl daemon-reload
    fi
    echo "alps-ghost: uninstalled (every file listed in $manifest)"
    exit 0
fi

if [ -z "$from" ]; then
    command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK, or pass --from a folder with a published agent"
    dotnet publish "$repo/agent/alps-ghost-agent/alps-ghost-agent.csproj" -p:PublishProfile="$profile" >&2
    from=$repo/build/publish/$profile
fi
[ -x "$from/alps-ghost-agent" ] || die "$from/alps-ghost-agent is missing or not executable: expected a published agent"
[ -f "$from/libalpsghost.so" ] || die "$from/libalpsghost.so is missing: the native ghOSt shim ships beside the agent"

# The manifest grows as files land, so an install that fails half-way can still be uninstalled; a re-install
# keeps the entries of the previous one (e.g. a config it installed and now keeps).
installed=$destdir$manifest
mkdir -p "$(dirname "$installed")"
touch "$installed"
put() { # put MODE SOURCE TARGET: copy and record
    install -D -m "$1" "$2" "$destdir$3"
    echo "$3" >> "$installed"
}
keep_or_put() { # configuration the operator may have edited: never overwritten
    if [ -e "$destdir$3" ]; then
        echo "alps-ghost: kept existing $3" >&2
    else
        put "$@"
    fi
}

put 0755 "$from/alps-ghost-agent" "$libdir/alps-ghost-agent"
put 0644 "$from/libalpsghost.so" "$libdir/libalpsghost.so"
mkdir -p "$destdir$bindir"
# A symlink, so the agent finds libalpsghost.so beside its real path.
ln -sfn "$libdir/alps-ghost-agent" "$destdir$bindir/alps-ghost-agent"
echo "$bindir/alps-ghost-agent" >> "$installed"
keep_or_put 0644 "$repo/enclave-config/all.json" "$sysconfdir/alps-ghost/all.json"
defaults=$(mktemp)
sed -e "s|--kernel ghost|--kernel $kernel|" "$repo/deploy/alps-ghost.default" > "$defaults"
keep_or_put 0644 "$defaults" "$sysconfdir/default/alps-ghost"
rm -f "$defaults"
unit=$(mktemp)
sed -e "s|@BINDIR@|$bindir|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" -e "s|@DOCDIR@|$docdir|g" \
    "$repo/deploy/alps-ghost.service.in" > "$unit"
put 0644 "$unit" "$unitdir/alps-ghost.service"
rm -f "$unit"
for doc in service.md cli.md configuration.md ghost-host.md; do
    put 0644 "$repo/docs/$doc" "$docdir/$doc"
done
sort -u -o "$installed" "$installed"

if systemd_live; then
    systemctl daemon-reload
    echo "alps-ghost: installed; start it with: systemctl enable --now alps-ghost"
else
    echo "alps-ghost: installed under ${destdir:-/}; systemd not touched (--destdir given or systemd not running)"
fi
