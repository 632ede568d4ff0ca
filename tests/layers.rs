//! The layer table of the README ("How it is built"), enforced: every `crate::` path in `src/` (in `use` lines and
//! inline, `super::` chains that climb to the crate root included) may only name a layer its
//! own layer is allowed to import, and the top-level modules form no cycle.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each layer (a folder or leaf file under `src/`) and what it may import.
const TABLE: &[(&str, &[&str])] = &[
    ("redact", &[]),
    ("i18n", &[]),
    ("json", &["redact"]),
    // Where the log goes and how secrets are masked in it: beside `redact`.
    ("logging", &["redact"]),
    ("domain", &["json", "redact"]),
    // Pure engines (filter, keymap, command line, history, palette): data in, data out.
    ("engine", &["domain", "i18n"]),
    ("config", &["engine", "domain", "redact", "i18n"]),
    ("vendors", &["domain", "json", "redact"]),
    ("store", &["domain", "json", "redact"]),
    (
        "fetch",
        &["vendors", "store", "config", "domain", "json", "redact"],
    ),
    (
        "app",
        &["engine", "domain", "config", "json", "redact", "i18n"],
    ),
    ("ui", &["app", "engine", "domain", "config", "json", "i18n"]),
    (
        "tui",
        &[
            "fetch", "app", "ui", "engine", "vendors", "store", "config", "domain", "json",
            "redact", "i18n", "logging",
        ],
    ),
    // Beside the stack: the vendors' wire contract (paths and codes, never their signing),
    // and the config that points a dashboard at it.
    ("demo", &["vendors", "domain", "json", "config", "redact"]),
    (
        "cli",
        &[
            "tui", "fetch", "app", "ui", "engine", "vendors", "store", "config", "domain", "json",
            "redact", "i18n", "logging", "demo", "sync",
        ],
    ),
    (
        "sync",
        &[
            "fetch", "vendors", "store", "config", "domain", "json", "redact", "logging",
        ],
    ),
];

/// What the demo server must check with its own code, not the client's.
const DEMO_FORBIDDEN: &[&str] = &["sign", "signature", "client", "http", "limit"];

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    TABLE
        .iter()
        .map(|(layer, may)| (*layer, may.iter().copied().collect()))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/app/update.rs` is `["app", "update"]`, `src/app/mod.rs`
/// is `["app"]`, `src/lib.rs` is `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a line, without its comment (a `//` outside a string or character literal).
fn code(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if in_string => i += 1, // the escaped byte is skipped below
            b'"' => in_string = !in_string,
            // A character literal ('"', '\'', 'x'); a lone `'` starts a lifetime.
            b'\'' if !in_string => {
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 3;
                } else if bytes.get(i + 2) == Some(&b'\'') {
                    i += 2;
                }
            }
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths named after a `crate::` or a `super::` chain at `at`: for `crate::{a, b::c}` both
/// `a` and `b::c`. Returns the resolved absolute paths (as segments).
fn paths_at(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut base: Vec<String>;
    let mut rest = text;
    if let Some(after) = rest.strip_prefix("crate::") {
        base = Vec::new();
        rest = after;
    } else {
        base = module.to_vec();
        let mut climbed = false;
        while let Some(after) = rest.strip_prefix("super::") {
            base.pop();
            rest = after;
            climbed = true;
        }
        if !climbed {
            return Vec::new();
        }
    }
    expand(rest, &base)
}

/// Expands one path tail (`a::b`, `{a, b::{c, d}}`) against `base`.
fn expand(rest: &str, base: &[String]) -> Vec<Vec<String>> {
    if let Some(inner) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let group = &inner[..end];
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&group[start..]);
        return parts
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .flat_map(|p| expand(p, base))
            .collect();
    }
    let mut path = base.to_vec();
    let mut tail = rest;
    loop {
        let name: String = tail.chars().take_while(|&c| is_ident(c)).collect();
        if name.is_empty() {
            break;
        }
        path.push(name.clone());
        tail = &tail[name.len()..];
        match tail.strip_prefix("::") {
            Some(after) if after.starts_with('{') => return expand(after, &path),
            Some(after) => tail = after,
            None => break,
        }
    }
    vec![path]
}

struct Edge {
    file: String,
    line: usize,
    from: String,
    to: String,
    path: String,
}

fn edges() -> Vec<Edge> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges = Vec::new();
    for file in files {
        let module = module_path(&src, &file);
        let Some(from) = module.first().cloned() else {
            continue; // lib.rs and main.rs declare and start; they may name anything
        };
        let text = std::fs::read_to_string(&file).unwrap();
        // A `use` may span lines: join each statement's lines before reading it.
        let mut statement = String::new();
        let mut statement_line = 0;
        for (number, line) in text.lines().enumerate() {
            let line = code(line);
            let trimmed = line.trim_start();
            if statement.is_empty() {
                statement_line = number + 1;
            }
            let in_use = !statement.is_empty()
                || trimmed.starts_with("use ")
                || trimmed.starts_with("pub use ")
                || trimmed.starts_with("pub(crate) use ");
            if in_use {
                statement.push_str(line.trim());
                statement.push(' ');
                if !line.contains(';') {
                    continue;
                }
            } else {
                statement = line.to_owned();
            }
            let joined = statement.replace(":: ", "::").replace(" ::", "::");
            for (at, _) in joined
                .match_indices("crate::")
                .chain(joined.match_indices("super::"))
            {
                let before = joined[..at].chars().next_back();
                if before.is_some_and(|c| is_ident(c) || c == ':') {
                    continue; // `super::` inside a chain, or a longer name
                }
                for path in paths_at(&joined[at..], &module) {
                    let Some(to) = path.first().cloned() else {
                        continue;
                    };
                    if to != from {
                        edges.push(Edge {
                            file: file
                                .strip_prefix(src.parent().unwrap())
                                .unwrap()
                                .display()
                                .to_string(),
                            line: statement_line,
                            from: from.clone(),
                            to,
                            path: path.join("::"),
                        });
                    }
                }
            }
            statement.clear();
        }
    }
    edges
}

#[test]
fn imports_follow_the_layer_table() {
    let allowed = allowed();
    let layers: BTreeSet<&str> = allowed.keys().copied().collect();
    let mut wrong = Vec::new();
    for edge in edges() {
        if !layers.contains(edge.to.as_str()) {
            continue; // `super::*` in a test module, a macro, a type of the same name
        }
        let ok = match allowed.get(edge.from.as_str()) {
            Some(may) => may.contains(edge.to.as_str()),
            None => false,
        };
        let demo_signs = edge.from == "demo"
            && edge.to == "vendors"
            && edge
                .path
                .split("::")
                .any(|segment| DEMO_FORBIDDEN.contains(&segment));
        if !ok || demo_signs {
            wrong.push(format!(
                "{}:{}: {} → {} ({})",
                edge.file, edge.line, edge.from, edge.to, edge.path
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} imports go against the README's layer table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The README's table says what this test enforces, layer for layer.
#[test]
fn the_readme_table_is_this_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let table = readme
        .lines()
        .skip_while(|l| !l.starts_with("| layer | may import |"))
        .take_while(|l| l.starts_with('|'));
    for line in table {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let Some((layer, may)) = rest.split_once("` | ") else {
            continue;
        };
        let may = may.trim_end_matches(" |");
        // A note in brackets says how, not what.
        let mut plain = String::new();
        let mut depth = 0;
        for c in may.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let names = plain
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty() && *n != "—")
            .map(str::to_owned)
            .collect();
        documented.insert(layer.to_owned(), names);
    }
    let enforced: BTreeMap<String, BTreeSet<String>> = TABLE
        .iter()
        .map(|(layer, may)| {
            (
                (*layer).to_owned(),
                may.iter().map(|m| (*m).to_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(documented, enforced);
}

#[test]
fn every_top_level_module_is_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = allowed();
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(name.as_str(), "lib" | "main") {
            continue;
        }
        if !allowed.contains_key(name.as_str()) {
            unknown.push(name);
        }
    }
    assert!(unknown.is_empty(), "not in the layer table: {unknown:?}");
}

#[test]
fn no_folder_is_named_vendor() {
    // Language statistics, code scanners and `duplicates` skip such a folder as third-party.
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !path.is_dir() || matches!(name.as_str(), "target" | ".git") {
                continue;
            }
            if name == "vendor" {
                found.push(path.clone());
            }
            walk(&path, found);
        }
    }
    let mut found = Vec::new();
    walk(Path::new(env!("CARGO_MANIFEST_DIR")), &mut found);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn top_level_modules_form_no_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in edges() {
        graph.entry(edge.from).or_default().insert(edge.to);
    }
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reader_finds_grouped_nested_and_relative_paths() {
    let module = vec!["app".to_owned(), "update".to_owned()];
    let found = paths_at(
        "crate::{export, ui::{self, theme}, vendors::http};",
        &module,
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        ["export", "ui::self", "ui::theme", "vendors::http"],
        "{found:?}"
    );
    let up: Vec<String> = paths_at("super::super::ui::title(x)", &module)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(up, ["ui::title"]);
    assert_eq!(code("let a = \"//\"; // b"), "let a = \"//\"; ");
    assert_eq!(
        code("let q = '\"'; x(crate::ui::a); // c"),
        "let q = '\"'; x(crate::ui::a); "
    );
    assert_eq!(code("let e = \"a\\\"//\"; // c"), "let e = \"a\\\"//\"; ");
    assert_eq!(
        code("fn f<'a>(x: &'a str) {} // c"),
        "fn f<'a>(x: &'a str) {} "
    );
}
