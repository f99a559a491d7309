#!/bin/sh
# Remove what install.sh added: the application folder in ~/.local/opt, the desktop entry and the icons.
# Your partnership files, settings and logs are kept; the message says where they are.
set -eu
PATH=/usr/local/bin:/usr/bin:/bin
export PATH

NAME=partnership-facilitator
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
APPLICATIONS=$DATA_HOME/applications
ICONS=$DATA_HOME/icons/hicolor

rm -f "$APPLICATIONS/$NAME.desktop"
for icon in "$ICONS"/*/apps/$NAME.png "$ICONS"/*/apps/$NAME.svg; do
    [ -e "$icon" ] && rm -f "$icon"
done
rm -rf "$HOME/.local/opt/$NAME"

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPLICATIONS" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true

echo "Partnership Facilitator is uninstalled. Your partnership files are kept in $DATA_HOME/$NAME"
echo "(settings in ${XDG_CONFIG_HOME:-$HOME/.config}/$NAME); delete them yourself if you no longer need them."
