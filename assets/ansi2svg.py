#!/usr/bin/env python3
"""Turns a terminal screen captured with colours (`tmux capture-pane -e -p`) into an SVG.

Used for assets/screenshot.svg, from a real run of the dashboard:

    tmux new-session -d -x 120 -y 32 'scrm-tui --demo'
    tmux send-keys 2 ; sleep 3
    tmux capture-pane -e -p | python3 assets/ansi2svg.py > assets/screenshot.svg

Each run of characters in one style is one <text> with a position per character, so that
Chinese (two cells wide) lines up whatever font the viewer has.
"""

import html
import re
import sys
import unicodedata

CELL_W, CELL_H, FONT = 8.4, 18, 14
BASIC = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
         "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]
FG, BG = "#c5c8c6", "#1d1f21"


def xterm(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (level, level, level)


def sgr(params, style):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            style = {}
        elif c == 1:
            style["bold"] = True
        elif c == 2:
            style["dim"] = True
        elif c == 4:
            style["underline"] = True
        elif c == 7:
            style["reverse"] = True
        elif c == 22:
            style.pop("bold", None)
            style.pop("dim", None)
        elif c == 24:
            style.pop("underline", None)
        elif c == 27:
            style.pop("reverse", None)
        elif 30 <= c <= 37:
            style["fg"] = BASIC[c - 30]
        elif 90 <= c <= 97:
            style["fg"] = BASIC[c - 90 + 8]
        elif 40 <= c <= 47:
            style["bg"] = BASIC[c - 40]
        elif 100 <= c <= 107:
            style["bg"] = BASIC[c - 100 + 8]
        elif c == 39:
            style.pop("fg", None)
        elif c == 49:
            style.pop("bg", None)
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                style[key] = xterm(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                style[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        i += 1
    return dict(style)


def cells(line):
    """(character, width, style) for each character of a captured line."""
    style = {}
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        match = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if match:
            style = sgr(match.group(1), style)
            continue
        for ch in part:
            if unicodedata.combining(ch):
                continue
            width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            yield ch, width, style


def main():
    lines = sys.stdin.read().rstrip("\n").split("\n")
    cols = 120
    out = []
    for row, line in enumerate(lines):
        x = 0
        runs = []
        for ch, width, style in cells(line):
            fg, bg = style.get("fg", FG), style.get("bg")
            if style.get("reverse"):
                fg, bg = bg or BG, fg
            if bg:
                out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>'
                           % (x * CELL_W, row * CELL_H, width * CELL_W, CELL_H, bg))
            key = (fg, style.get("bold"), style.get("underline"), style.get("dim"))
            if ch != " ":
                if runs and runs[-1][0] == key:
                    runs[-1][1].append((x, ch))
                else:
                    runs.append((key, [(x, ch)]))
            x += width
        cols = max(cols, x)
        for (fg, bold, underline, dim), chars in runs:
            attrs = ' fill="%s"' % fg
            if bold:
                attrs += ' font-weight="bold"'
            if underline:
                attrs += ' text-decoration="underline"'
            if dim:
                attrs += ' opacity="0.6"'
            xs = " ".join("%.1f" % (c * CELL_W) for c, _ in chars)
            text = html.escape("".join(ch for _, ch in chars))
            out.append('<text x="%s" y="%d"%s>%s</text>' % (xs, row * CELL_H + 14, attrs, text))
    width, height = cols * CELL_W, len(lines) * CELL_H
    print('<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%d" '
          'viewBox="0 0 %.0f %d" font-family="Menlo, Consolas, \'DejaVu Sans Mono\', '
          '\'Noto Sans Mono CJK SC\', monospace" font-size="%d">' % (width, height, width, height, FONT))
    print('<rect width="100%%" height="100%%" fill="%s"/>' % BG)
    print("\n".join(out))
    print("</svg>")


if __name__ == "__main__":
    main()
