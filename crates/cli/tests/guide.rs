//! `docs/catalog-guide.md` cannot go stale: every file it shows is written as shown, in order,
//! into an empty folder, and every command it shows (`$ configurator …` in a `console` block)
//! runs there and must print what the guide says it prints (`…` stands for any text within a
//! line: times, hashes).

use std::path::Path;
use std::process::Command;

mod common;

/// One block of the guide: a file to write, or a command with its expected output.
enum Step {
    File {
        name: String,
        text: String,
    },
    Run {
        args: Vec<String>,
        expected: Vec<String>,
    },
}

fn steps(guide: &str) -> Vec<Step> {
    let mut out = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        if let Some(name) = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
        {
            out.push(Step::File {
                name: name.to_owned(),
                text: body.join("\n") + "\n",
            });
        } else if info == "console" {
            for line in body {
                match line.strip_prefix("$ configurator ") {
                    Some(args) => out.push(Step::Run {
                        args: args.split_whitespace().map(str::to_owned).collect(),
                        expected: Vec::new(),
                    }),
                    None => match out.last_mut() {
                        Some(Step::Run { expected, .. }) => expected.push(line.to_owned()),
                        _ => panic!("output before any command: {line}"),
                    },
                }
            }
        }
    }
    out
}

/// Whether `line` is what `pattern` shows, `…` standing for any text.
fn matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split('…');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (k, part) in parts.iter().enumerate() {
        if k + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn every_file_and_command_of_the_catalog_guide_works_as_shown() {
    let guide = std::fs::read_to_string(common::root().join("docs/catalog-guide.md")).unwrap();
    let dir = common::temp("guide", "work");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (mut files, mut commands) = (0, 0);
    for step in steps(&guide) {
        match step {
            Step::File { name, text } => {
                let path = dir.join(&name);
                std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).unwrap();
                std::fs::write(path, text).unwrap();
                files += 1;
            }
            Step::Run { args, expected } => {
                let out = Command::new(env!("CARGO_BIN_EXE_configurator"))
                    .args(&args)
                    .current_dir(&dir)
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout).into_owned()
                    + &String::from_utf8_lossy(&out.stderr);
                let got: Vec<&str> = text.lines().collect();
                let same = got.len() == expected.len()
                    && got.iter().zip(&expected).all(|(g, e)| matches(e, g));
                assert!(
                    same,
                    "configurator {}: the guide shows\n{}\nit prints\n{text}",
                    args.join(" "),
                    expected.join("\n")
                );
                commands += 1;
            }
        }
    }
    assert!(
        files >= 6 && commands >= 8,
        "{files} files, {commands} commands"
    );
}

#[test]
fn the_wildcard_stands_for_text_within_a_line_only() {
    assert!(matches(
        "compiled in … ms (catalog …)",
        "compiled in 3 ms (catalog ab12)"
    ));
    assert!(matches("a", "a"));
    assert!(!matches("a", "ab"));
    assert!(!matches("compiled in … ms", "compiled in 3 s"));
    assert!(matches("{\"micros\":…,\"s\":0}", "{\"micros\":12,\"s\":0}"));
}
