; ТСЖ Деск — the Windows setup program (NSIS 3, Modern UI 2).
;
; Build on Windows after installer/build.py has made installer\dist\tsj-desk:
;   makensis /DVERSION=0.1.0 installer\windows\tsj-desk.nsi
; (build.py compiles it itself when makensis is on PATH, with the version of pyproject.toml).
;
; - installs for the current user only, without administrator rights, into
;   %LOCALAPPDATA%\Programs\TSJ Desk (the folder can be changed on its page);
; - a Start-menu and a desktop shortcut; an entry in «Приложения и возможности»;
; - an upgrade installs over the older version in its folder: the older program files
;   are replaced, the user's data stays where it always is;
; - the uninstaller removes the program's own files only: the data folder
;   (%LOCALAPPDATA%\tsj-desk: the base, backups, logs, templates) and «Документы\ТСЖ Деск»
;   are never deleted, and its last page says where the data is.

Unicode true
ManifestDPIAware true
!ifndef COMPRESSOR  ; a compile that only checks the script may pass /DCOMPRESSOR=zlib (faster)
  !define COMPRESSOR "/SOLID lzma"
!endif
SetCompressor ${COMPRESSOR}

!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef APPDIR
  !define APPDIR "..\dist\tsj-desk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\tsj-desk-${VERSION}-setup.exe"
!endif

!define PRODUCT "ТСЖ Деск"
!define EXE "tsj-desk.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\tsj-desk"
!define DATADIR "$LOCALAPPDATA\tsj-desk"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\TSJ Desk"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

!define MUI_ICON "..\icons\tsj-desk.ico"
!define MUI_UNICON "..\icons\tsj-desk.ico"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "Программа установит ${PRODUCT} ${VERSION} для вас (права администратора не нужны).$\r$\n$\r$\nЕсли ${PRODUCT} уже установлен, он будет обновлён; база, резервные копии и настройки сохранятся.$\r$\n$\r$\nЗакройте ${PRODUCT}, если он открыт, и нажмите «Далее»."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Запустить ${PRODUCT}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${PRODUCT} удалён"
!define MUI_FINISHPAGE_TEXT "Программа удалена с компьютера.$\r$\n$\r$\nВаши данные НЕ удалены: база, резервные копии, журналы и шаблоны остались в папке$\r$\n${DATADIR}$\r$\nа документы — в папке «Документы\ТСЖ Деск».$\r$\n$\r$\nПри новой установке программа снова откроет эту базу. Удаляйте папку вручную, только если данные точно больше не нужны."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Russian"

!ifdef VIVERSION  ; four numbers, for the setup file's properties
  VIProductVersion "${VIVERSION}"
  VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductName" "${PRODUCT}"
  VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileDescription" "Установка ${PRODUCT}"
  VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG_RUSSIAN} "LegalCopyright" "${PRODUCT}"
!endif

Section "${PRODUCT}" SectionProgram
  SectionIn RO
  SetShellVarContext current
  ; an older version in this folder: its program files give way to the new ones
  IfFileExists "$INSTDIR\${EXE}" 0 +2
    RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${APPDIR}\*.*"
  File "/oname=tsj-desk.ico" "..\icons\tsj-desk.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\tsj-desk.ico" 0
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\tsj-desk.ico" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\tsj-desk.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  ; the program's own files only; the data folder ${DATADIR} is never touched
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\tsj-desk-cli.exe"
  Delete "$INSTDIR\tsj-desk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DetailPrint "Данные программы не удалены: ${DATADIR}"
SectionEnd
