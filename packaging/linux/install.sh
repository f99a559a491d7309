#!/bin/sh
# Install Partnership Facilitator for you alone, without root: the application folder is copied to
# ~/.local/opt/partnership-facilitator, and a desktop entry and the icon are added to your menus
# (~/.local/share/applications, ~/.local/share/icons/hicolor). Run it again to update; uninstall.sh removes
# all three. Your partnership files (in ~/.local/share/partnership-facilitator) are never touched.
set -eu
PATH=/usr/local/bin:/usr/bin:/bin
export PATH

NAME=partnership-facilitator
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=$HOME/.local/opt/$NAME
APPLICATIONS=$DATA_HOME/applications
ICONS=$DATA_HOME/icons/hicolor

if [ ! -x "$HERE/$NAME" ]; then
    echo "install.sh must stay in the unpacked $NAME folder, beside the program." >&2
    exit 1
fi

if [ "$HERE" != "$TARGET" ]; then
    mkdir -p "$HOME/.local/opt"
    rm -rf "$TARGET.new"
    cp -R "$HERE" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
fi

for size_dir in "$TARGET"/icons/hicolor/*/; do
    size=$(basename "$size_dir")
    mkdir -p "$ICONS/$size/apps"
    cp "$size_dir"apps/* "$ICONS/$size/apps/"
done

mkdir -p "$APPLICATIONS"
DESKTOP=$APPLICATIONS/$NAME.desktop
cat > "$DESKTOP.new" <<ENTRY
[Desktop Entry]
Type=Application
Version=1.0
Name=Partnership Facilitator
GenericName=Partnership meetings
GenericName[fr]=Réunions de partenariat
GenericName[de]=Partnerschaftssitzungen
GenericName[nl]=Partnerschapsvergaderingen
Comment=Meetings, actions and records of a local drug partnership, offline
Comment[fr]=Réunions, actions et registres d'un partenariat local, hors ligne
Comment[de]=Sitzungen, Aufgaben und Register einer lokalen Partnerschaft, offline
Comment[nl]=Vergaderingen, acties en registers van een lokaal partnerschap, offline
Exec="$TARGET/$NAME"
TryExec=$TARGET/$NAME
Icon=$NAME
Terminal=false
Categories=Office;
StartupWMClass=$NAME
ENTRY
mv "$DESKTOP.new" "$DESKTOP"
chmod 644 "$DESKTOP"

# Menus notice the new entry and icon sooner where these tools exist; without them they notice at next login.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPLICATIONS" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true

echo "Partnership Facilitator is installed for $(id -un): find it in your applications menu."
echo "Program: $TARGET/$NAME"
