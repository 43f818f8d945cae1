# Replaces pyinstaller-hooks-contrib's hook for lxml (a hook in jixiao.spec's hookspath wins), which
# names every lxml submodule as a hidden import. The spec excludes lxml.html, lxml.objectify and
# lxml.isoschematron (python-docx and openpyxl need only lxml.etree), and PyInstaller warned once
# for each excluded submodule that the contrib hook still named.
from PyInstaller.utils.hooks import collect_submodules

EXCLUDED = ("lxml.html", "lxml.objectify", "lxml.isoschematron")

hiddenimports = collect_submodules("lxml", filter=lambda name: name not in EXCLUDED and not name.startswith(
    tuple(f"{package}." for package in EXCLUDED)))
