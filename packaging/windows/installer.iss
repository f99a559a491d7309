; Inno Setup script: installs Partnership Facilitator for the current user only, without admin rights.
;
; build.py compiles it when Inno Setup 6's iscc is installed (GitHub's Windows runners have it), passing the
; version and folders:  iscc /DAppVersion=0.1.0 /DSourceDir=...\dist\partnership-facilitator
;                            /DOutputDir=...\dist /DIconFile=...\partnership-facilitator.ico installer.iss
;
; With PrivilegesRequired=lowest the program goes to %LOCALAPPDATA%\Programs\Partnership Facilitator
; ({autopf} for a per-user install), the shortcut to the user's own Start menu, and the uninstaller to the
; user's "Installed apps". Partnership files, settings and logs live in the user's AppData folders
; (facilitator/folders.py) and are never removed by the uninstaller.
; Not run here: this project builds on Linux; the Windows job of .github/workflows/bundles.yml runs it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\partnership-facilitator"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\stage\icons\partnership-facilitator.ico"
#endif

[Setup]
AppId={{6F1C2B7E-4C0A-4E51-9C1D-2A6B8F0E5D31}
AppName=Partnership Facilitator
AppVersion={#AppVersion}
AppPublisher=Partnership Facilitator
DefaultDirName={autopf}\Partnership Facilitator
DefaultGroupName=Partnership Facilitator
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=partnership-facilitator-{#AppVersion}-windows-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\Partnership Facilitator.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program's own files whole; nothing of the user's is in {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Partnership Facilitator"; Filename: "{app}\Partnership Facilitator.exe"
Name: "{autodesktop}\Partnership Facilitator"; Filename: "{app}\Partnership Facilitator.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Partnership Facilitator.exe"; Description: "{cm:LaunchProgram,Partnership Facilitator}"; Flags: nowait postinstall skipifsilent
