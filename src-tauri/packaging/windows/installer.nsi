; PeerPlan's Windows installer: a per-user install (no administrator rights) of the desktop
; app and the `peerplan` command-line tool, a Start-menu entry, the .peerplan file type, and an
; uninstaller that removes the program and never the officer's data.
;
; Built by src-tauri/packaging/windows/build-installer.sh (called by `./tasks.sh package` on Linux and by
; the release workflow on Windows) with makensis 3:
;   makensis -DVERSION=0.1.0 -DAPP_EXE=…/peerplan-app.exe -DCLI_EXE=…/peerplan.exe
;            -DICON=…/icon.ico -DOUT_FILE=…/PeerPlan_0.1.0_x64-setup.exe
;            [-DWEBVIEW2_LOADER=…/WebView2Loader.dll]  (the windows-gnu build needs it beside the app)
;            [-DWEBVIEW2_INSTALLER=…/MicrosoftEdgeWebView2RuntimeInstallerX64.exe] installer.nsi
;
; The project writes its own script rather than using Tauri's NSIS bundler because that
; bundler downloads a plugin (nsis_tauri_utils.dll) from GitHub on every Linux run, which the
; build machines cannot reach; this script needs nothing but makensis's own plugins.
; docs/RELEASING.md explains the choices (install folder, WebView2, data folder).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is not defined (-DVERSION=…)"
!endif
!ifndef APP_EXE
  !error "APP_EXE is not defined (the built peerplan-app.exe)"
!endif
!ifndef CLI_EXE
  !error "CLI_EXE is not defined (the built peerplan.exe)"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "PeerPlan_${VERSION}_x64-setup.exe"
!endif

!define PRODUCT "PeerPlan"
!define PUBLISHER "PeerPlan contributors"
!define APP_ID "org.peerplan.PeerPlan"
!define MAIN_EXE "peerplan-app.exe"
!define CLI "peerplan.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PRODUCT_KEY "Software\PeerPlan\PeerPlan"
; The .peerplan file type: extension → ProgID → how to open it.
!define EXT ".peerplan"
!define PROGID "PeerPlan.Database"
!define MIME "application/x-peerplan"
; Microsoft Edge WebView2 Runtime's id in EdgeUpdate's registry keys.
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
; Per-user programs folder (what Windows' own per-user installers use); no administrator rights.
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${PRODUCT_KEY}" ""
BrandingText "${PRODUCT} ${VERSION}"

; Windows wants four numbers here: 0.1.0 → 0.1.0.0 (build-installer.sh drops a pre-release tag).
!ifndef VERSION_NUMBERS
  !define VERSION_NUMBERS "${VERSION}.0"
!endif
VIProductVersion "${VERSION_NUMBERS}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${MAIN_EXE}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeptData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The app speaks English, French and Spanish; so does its installer (Windows' language decides).
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "Spanish"

LangString FileTypeName ${LANG_ENGLISH} "PeerPlan database"
LangString FileTypeName ${LANG_FRENCH} "Base de données PeerPlan"
LangString FileTypeName ${LANG_SPANISH} "Base de datos de PeerPlan"
LangString KeptData ${LANG_ENGLISH} "PeerPlan will be removed from this computer. Your partnerships, exchanges and backups stay where they are (in your application data folder, $APPDATA\peerplan); delete that folder yourself if you no longer need them."
LangString KeptData ${LANG_FRENCH} "PeerPlan va être supprimé de cet ordinateur. Vos partenariats, échanges et sauvegardes restent où ils sont (dans votre dossier de données d'application, $APPDATA\peerplan) ; supprimez ce dossier vous-même si vous n'en avez plus besoin."
LangString KeptData ${LANG_SPANISH} "PeerPlan se eliminará de este equipo. Sus asociaciones, intercambios y copias de seguridad permanecen donde están (en su carpeta de datos de aplicación, $APPDATA\peerplan); elimine esa carpeta usted mismo si ya no los necesita."
LangString NoWebView2 ${LANG_ENGLISH} "PeerPlan needs the Microsoft Edge WebView2 Runtime, which is part of Windows 11 and of an up-to-date Windows 10 but was not found on this computer.$\r$\n$\r$\nPeerPlan will be installed; before it can start, your IT staff must install the WebView2 Runtime (Microsoft's 'Evergreen Standalone Installer' works offline)."
LangString NoWebView2 ${LANG_FRENCH} "PeerPlan a besoin du runtime Microsoft Edge WebView2, inclus dans Windows 11 et dans un Windows 10 à jour, mais introuvable sur cet ordinateur.$\r$\n$\r$\nPeerPlan va être installé ; avant qu'il puisse démarrer, votre service informatique doit installer le runtime WebView2 (le « Evergreen Standalone Installer » de Microsoft fonctionne hors ligne)."
LangString NoWebView2 ${LANG_SPANISH} "PeerPlan necesita el runtime Microsoft Edge WebView2, que forma parte de Windows 11 y de un Windows 10 actualizado, pero no se encontró en este equipo.$\r$\n$\r$\nPeerPlan se instalará; antes de que pueda iniciarse, su equipo de TI debe instalar el runtime WebView2 (el «Evergreen Standalone Installer» de Microsoft funciona sin conexión)."
LangString WebView2Failed ${LANG_ENGLISH} "The Microsoft Edge WebView2 Runtime could not be installed (code $0). PeerPlan is installed but cannot start until the runtime is."
LangString WebView2Failed ${LANG_FRENCH} "Le runtime Microsoft Edge WebView2 n'a pas pu être installé (code $0). PeerPlan est installé mais ne pourra démarrer qu'une fois le runtime installé."
LangString WebView2Failed ${LANG_SPANISH} "No se pudo instalar el runtime Microsoft Edge WebView2 (código $0). PeerPlan está instalado, pero no podrá iniciarse hasta que lo esté el runtime."

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; The WebView2 Runtime's version, or "" when it is not installed (per machine or per user).
!macro WebView2Version out
  ${If} ${RunningX64}
    ReadRegStr ${out} HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${Else}
    ReadRegStr ${out} HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} ${out} == ""
  ${OrIf} ${out} == "0.0.0.0"
    ReadRegStr ${out} HKCU "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} ${out} == "0.0.0.0"
    StrCpy ${out} ""
  ${EndIf}
!macroend

Section "WebView2"
  !insertmacro WebView2Version $4
  ${If} $4 == ""
    !ifdef WEBVIEW2_INSTALLER
      ; Built with Microsoft's installer inside (offline offices): run it, silently.
      DetailPrint "Installing the Microsoft Edge WebView2 Runtime…"
      InitPluginsDir
      File "/oname=$PLUGINSDIR\WebView2Installer.exe" "${WEBVIEW2_INSTALLER}"
      ExecWait '"$PLUGINSDIR\WebView2Installer.exe" /silent /install' $0
      ${If} $0 <> 0
        MessageBox MB_ICONEXCLAMATION|MB_OK "$(WebView2Failed)" /SD IDOK
      ${EndIf}
    !else
      MessageBox MB_ICONEXCLAMATION|MB_OK "$(NoWebView2)" /SD IDOK
    !endif
  ${Else}
    DetailPrint "Microsoft Edge WebView2 Runtime $4 found."
  ${EndIf}
SectionEnd

Section "PeerPlan" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; The app and, beside it, the command-line tool (for IT staff's scripts and scheduled syncs).
  File "/oname=${MAIN_EXE}" "${APP_EXE}"
  File "/oname=${CLI}" "${CLI_EXE}"
  !ifdef WEBVIEW2_LOADER
    File "/oname=WebView2Loader.dll" "${WEBVIEW2_LOADER}"
  !endif
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  WriteRegStr HKCU "${PRODUCT_KEY}" "" "$INSTDIR"

  ; Start menu.
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${MAIN_EXE}"

  ; The .peerplan file type: double-click or "Open with" starts PeerPlan on the merge preview.
  WriteRegStr HKCU "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${EXT}" "Content Type" "${MIME}"
  WriteRegStr HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "$(FileTypeName)"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\${MAIN_EXE}",0'
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${MAIN_EXE}" "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer picks the new file type up at once.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Settings › Apps (per user).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${MAIN_EXE}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Removes what the installer put in place: the program files, the Start-menu entry, the file
; type and the uninstall entry. Never the data folder (%APPDATA%\peerplan: the database, its
; backups, sync state) nor the webview's cache: an officer who reinstalls finds everything.
Section "Uninstall"
  Delete "$INSTDIR\${MAIN_EXE}"
  Delete "$INSTDIR\${CLI}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"

  ; The extension keeps pointing elsewhere if another program has taken it since.
  ReadRegStr $0 HKCU "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\${EXT}" ""
    DeleteRegValue HKCU "Software\Classes\${EXT}" "Content Type"
  ${EndIf}
  DeleteRegValue HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\${EXT}"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${PRODUCT_KEY}"
  DeleteRegKey /ifempty HKCU "Software\PeerPlan"
SectionEnd
