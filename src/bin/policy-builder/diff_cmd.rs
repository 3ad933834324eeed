//! `policy-builder diff OLD NEW`: does NEW grant anything OLD does not?

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_builder::catalog;
use policy_builder::diff::{diff_inputs, Change, Diff, DocumentDiff, Status};
use policy_builder::document::{self, Input};

use crate::cli::{read_text, unusable};

/// Exit status when NEW widens.
const EXIT_WIDENS: u8 = 1;

/// Compares what two policies grant, not their text: actions × resources ×
/// conditions, wildcards expanded against the catalog, Deny statements
/// respected. Each input is a policy, a CloudFormation template or a
/// Terraform plan; their documents are paired by source. Exits 0 when NEW
/// grants nothing OLD does not, 1 when NEW widens, 2 when an input cannot
/// be read.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The policy, template or plan before the change (the base branch's).
    pub old: PathBuf,
    /// The policy, template or plan after the change (the pull request's).
    pub new: PathBuf,
    /// `markdown` is ready to post as a pull-request comment.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// `--format` of `diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
    Markdown,
}

/// Reads a file and checks every document's grammar, so an error names
/// the file it is in.
fn read(path: &Path) -> Result<Input, ExitCode> {
    let text = read_text(path)?;
    let fail = |e: document::ReadError| unusable(format!("{}: {e}", path.display()));
    let input = document::read(&text).map_err(fail)?;
    for doc in &input.documents {
        doc.check().map_err(fail)?;
    }
    Ok(input)
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let (old, new) = match (read(&args.old), read(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let diff = match diff_inputs(catalog::bundled(), &old, &new) {
        Ok(d) => d,
        // Every document was checked when read.
        Err(e) => {
            return unusable(format!(
                "{} / {}: {e}",
                args.old.display(),
                args.new.display()
            ))
        }
    };
    let out = match args.format {
        DiffFormat::Text => render_text(&diff),
        DiffFormat::Json => {
            let v = serde_json::json!({ "widens": diff.widens(), "documents": diff.documents });
            serde_json::to_string_pretty(&v).expect("the diff is strings and numbers")
        }
        DiffFormat::Markdown => render_markdown(&diff),
    };
    out!("{}", out.trim_end());
    if diff.widens() {
        ExitCode::from(EXIT_WIDENS)
    } else {
        ExitCode::SUCCESS
    }
}

fn name(d: &DocumentDiff) -> String {
    if d.source.is_empty() {
        "the policy".to_string()
    } else {
        d.source.clone()
    }
}

fn verdict(d: &DocumentDiff) -> &'static str {
    match (d.diff.widens(), d.diff.removed.is_empty()) {
        (true, _) => "widens",
        (false, false) => "narrows",
        (false, true) => "no change in what it grants",
    }
}

fn statement(c: &Change) -> String {
    match (c.statement, &c.sid) {
        (Some(i), Some(sid)) => format!("Statement[{i}] (Sid {sid:?})"),
        (Some(i), None) => format!("Statement[{i}]"),
        _ => String::new(),
    }
}

fn render_text(diff: &Diff) -> String {
    let mut out = String::new();
    for d in &diff.documents {
        let _ = writeln!(
            out,
            "{} ({}): {}, {}",
            name(d),
            d.kind,
            d.status,
            verdict(d)
        );
        for (sign, side, changes) in [
            ("+", "added in NEW", &d.diff.added),
            ("-", "removed from OLD", &d.diff.removed),
        ] {
            for c in changes.iter() {
                let at = statement(c);
                let _ = writeln!(out, "  {sign} {side} {at}");
                if !c.actions.is_empty() {
                    let _ = writeln!(out, "      {}", c.actions.join(", "));
                }
                if !c.resources.is_empty() {
                    let _ = writeln!(out, "      on {}", c.resources.join(", "));
                }
                if !c.principals.is_empty() {
                    let _ = writeln!(out, "      to {}", c.principals.join(", "));
                }
                for (op, keys) in &c.condition {
                    for (key, values) in keys {
                        let _ = writeln!(out, "      when {op} {key} = {}", values.join(", "));
                    }
                }
                let _ = writeln!(out, "      why: {}", c.why);
            }
        }
    }
    let widening = diff.documents.iter().filter(|d| d.diff.widens()).count();
    let _ = write!(
        out,
        "{} documents compared, {widening} widen: {}",
        diff.documents.len(),
        if diff.widens() {
            "NEW grants more than OLD"
        } else {
            "NEW grants nothing OLD does not"
        }
    );
    out
}

/// A table cell: pipes escaped, line breaks as `<br>`.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

fn code_list(items: &[String], max: usize) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(max)
        .map(|i| format!("`{}`", cell(i)))
        .collect();
    let mut s = shown.join(", ");
    if items.len() > max {
        let _ = write!(s, " and {} more", items.len() - max);
    }
    s
}

fn count_actions(changes: &[Change]) -> usize {
    changes.iter().map(|c| c.actions.len().max(1)).sum()
}

/// A pull-request comment: the verdict, a summary table, then each
/// changed document's added and removed grants.
fn render_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let headline = if diff.widens() {
        "**This change widens IAM permissions.**"
    } else {
        "This change does not widen IAM permissions."
    };
    let _ = writeln!(out, "### IAM policy diff\n\n{headline}\n");
    let _ = writeln!(out, "| Document | Kind | Status | Added | Removed |");
    let _ = writeln!(out, "|---|---|---|---:|---:|");
    for d in &diff.documents {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            cell(&name(d)),
            d.kind,
            if d.status == Status::Unchanged {
                "unchanged".to_string()
            } else {
                format!("{}, {}", d.status, verdict(d))
            },
            count_actions(&d.diff.added),
            count_actions(&d.diff.removed)
        );
    }
    for d in diff.documents.iter().filter(|d| !d.diff.is_empty()) {
        let _ = writeln!(out, "\n#### `{}` ({})\n", cell(&name(d)), d.kind);
        for (title, side, changes) in [
            ("Added: NEW grants, OLD does not", "NEW", &d.diff.added),
            ("Removed: OLD grants, NEW does not", "OLD", &d.diff.removed),
        ] {
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{title}**\n");
            let _ = writeln!(out, "| Statement ({side}) | Actions | Resources | Why |");
            let _ = writeln!(out, "|---|---|---|---|");
            for c in changes.iter() {
                let mut resources = code_list(&c.resources, 10);
                if !c.principals.is_empty() {
                    let _ = write!(resources, "<br>to {}", code_list(&c.principals, 10));
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&statement(c)),
                    code_list(&c.actions, 12),
                    resources,
                    cell(&c.why)
                );
            }
            let long: Vec<&Change> = changes.iter().filter(|c| c.actions.len() > 12).collect();
            for c in long {
                let _ = writeln!(
                    out,
                    "\n<details><summary>All {} actions of {}</summary>\n\n{}\n\n</details>",
                    c.actions.len(),
                    cell(&statement(c)),
                    c.actions
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let _ = writeln!(out);
        }
    }
    let _ = write!(out, "\n<sub>policy-builder diff {}: effective grants compared offline against the bundled IAM catalog.</sub>", env!("CARGO_PKG_VERSION"));
    out
}
