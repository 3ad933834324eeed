//! The compact core catalog file, written by `scripts/gen-catalog.mjs`.
//!
//! It is columnar, which compresses better than row-wise JSON. Sections are
//! separated by a line holding `%`; fields by tabs:
//!
//! ```text
//! iam-catalog  2  <package>  <version>  [<deps version>]   header; the last field is
//!                                                 the version the dependent actions come from
//! S  <prefix>  <name>  <action count>             a service, then its
//! K  <key name>  <type code>                      condition keys (indexed per service)
//! R  <name>  <arn template>  [<key idx>,...]      resource types (indexed per service)
//! %
//! [<shared>] <rest>                               one action name a line, front-coded
//! %                                               against the previous name in its service
//! <one access-level letter per action: L R W P T>
//! %
//! [<type idx>[!],...]                             resource types per action (`!` = required)
//! %
//! [<key idx>,...]                                 condition keys per action
//! %
//! [<service:Action>,...]                          dependent actions per action
//! ```
//!
//! An ARN template starting with `@` stands for
//! `arn:${Partition}:<prefix>:${Region}:${Account}:`, with `#` for
//! `arn:${Partition}:<prefix>::${Account}:`.

use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use super::{AccessLevel, Actions, Catalog, ConditionKey, ConditionType, ResourceType, Service};

/// The catalog file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    /// 1-based line number.
    pub line: usize,
    pub kind: CatalogErrorKind,
}

/// What was wrong.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogErrorKind {
    /// The first line is not an `iam-catalog 2` header.
    BadHeader,
    /// A line does not have the fields its kind needs.
    BadLine(String),
    /// A section ended early or has lines left over.
    SectionLength { section: &'static str },
    /// An index points past its table.
    BadIndex(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "catalog line {}: ", self.line)?;
        match &self.kind {
            CatalogErrorKind::BadHeader => f.write_str("not an iam-catalog version 2 file"),
            CatalogErrorKind::BadLine(l) => write!(f, "malformed line {l:?}"),
            CatalogErrorKind::SectionLength { section } => {
                write!(f, "the {section} section does not have one line per action")
            }
            CatalogErrorKind::BadIndex(i) => write!(f, "index {i:?} is out of range"),
        }
    }
}

impl std::error::Error for CatalogError {}

fn type_of(code: &str) -> Option<ConditionType> {
    Some(match code {
        "s" => ConditionType::String,
        "S" => ConditionType::ArrayOfString,
        "a" => ConditionType::Arn,
        "A" => ConditionType::ArrayOfArn,
        "b" => ConditionType::Bool,
        "B" => ConditionType::ArrayOfBool,
        "n" => ConditionType::Numeric,
        "N" => ConditionType::ArrayOfNumeric,
        "d" => ConditionType::Date,
        "D" => ConditionType::ArrayOfDate,
        "i" => ConditionType::IpAddress,
        "I" => ConditionType::ArrayOfIpAddress,
        "x" => ConditionType::Binary,
        "X" => ConditionType::ArrayOfBinary,
        "?" => ConditionType::Unknown,
        _ => return None,
    })
}

fn level_of(c: char) -> Option<AccessLevel> {
    Some(match c {
        'L' => AccessLevel::List,
        'R' => AccessLevel::Read,
        'W' => AccessLevel::Write,
        'P' => AccessLevel::PermissionsManagement,
        'T' => AccessLevel::Tagging,
        _ => return None,
    })
}

pub(super) fn parse(text: &str) -> Result<Catalog, CatalogError> {
    parse_some(text, &|_| true)
}

/// [`parse`], keeping the actions of the services `keep` accepts (by
/// prefix) and skipping the lines of the others: every service, resource
/// type and condition key is still there, but a skipped service has no
/// actions. The file is checked as much as [`parse`] checks it, except for
/// what is on the skipped lines.
// `.into()` makes the owned `Text` and `List` of `src/storage.rs`: a no-op
// in the wasm, where they are `String` and `Vec`.
#[cfg_attr(target_arch = "wasm32", allow(clippy::useless_conversion))]
pub(super) fn parse_some(text: &str, keep: &dyn Fn(&str) -> bool) -> Result<Catalog, CatalogError> {
    let mut lines = lines(text).enumerate().map(|(i, l)| (i + 1, l));
    let err = |line, kind| CatalogError { line, kind };
    let bad = |line: usize, l: &str| {
        err(
            line,
            CatalogErrorKind::BadLine(l.chars().take(80).collect()),
        )
    };

    let (_, header) = lines
        .next()
        .ok_or_else(|| err(1, CatalogErrorKind::BadHeader))?;
    let h: Vec<&str> = split(header, b'\t').collect();
    if !(4..=5).contains(&h.len()) || h[0] != "iam-catalog" || h[1] != "2" {
        return Err(err(1, CatalogErrorKind::BadHeader));
    }
    let source_version = h[3].to_string().into();
    let dependent_actions_version = h.get(4).map(|v| v.to_string().into());

    let mut services: Vec<Service> = Vec::new();
    let mut resource_types: Vec<ResourceType> = Vec::new();
    let mut resource_type_keys: Vec<u32> = Vec::new();
    let mut condition_keys: Vec<ConditionKey> = Vec::new();
    // Per service: where its keys and resource types start.
    let mut key_start: Vec<u32> = Vec::new();
    // Per service: how many action lines it has in each section of the file,
    // and whether they are kept.
    let mut in_file: Vec<(u32, bool)> = Vec::new();
    let mut action_total: u32 = 0;
    let mut last_line = 1;

    for (n, line) in lines.by_ref() {
        last_line = n;
        if line == "%" {
            break;
        }
        // At most 5 fields are read; `len` counts them all.
        let mut f = [""; 5];
        let mut len = 0;
        for field in split(line, b'\t') {
            if let Some(slot) = f.get_mut(len) {
                *slot = field;
            }
            len += 1;
        }
        let f = Fields { f, len };
        match f[0] {
            "S" if f.len() == 4 => {
                let listed = number(f[3]).ok_or_else(|| bad(n, line))?;
                let kept = keep(f[1]);
                in_file.push((listed, kept));
                let count = if kept { listed } else { 0 };
                services.push(Service {
                    prefix: f[1].to_string().into(),
                    name: f[2].to_string().into(),
                    actions: action_total..action_total + count,
                    resource_types: resource_types.len() as u32..resource_types.len() as u32,
                    condition_keys: condition_keys.len() as u32..condition_keys.len() as u32,
                });
                key_start.push(condition_keys.len() as u32);
                action_total += count;
            }
            "K" if f.len() == 3 && !services.is_empty() => {
                let kind = type_of(f[2]).ok_or_else(|| bad(n, line))?;
                condition_keys.push(ConditionKey {
                    name: f[1].to_string().into(),
                    kind,
                });
                let last = services.len() - 1;
                services[last].condition_keys.end = condition_keys.len() as u32;
            }
            "R" if (f.len() == 3 || f.len() == 4) && !services.is_empty() => {
                let si = services.len() - 1;
                let prefix = &services[si].prefix;
                let arn = if let Some(rest) = f[2].strip_prefix('@') {
                    concat(&["arn:${Partition}:", prefix, ":${Region}:${Account}:", rest])
                } else if let Some(rest) = f[2].strip_prefix('#') {
                    concat(&["arn:${Partition}:", prefix, "::${Account}:", rest])
                } else {
                    f[2].to_string()
                };
                let keys_start = resource_type_keys.len() as u32;
                indices(
                    f.get(3).unwrap_or(""),
                    key_start[si],
                    condition_keys.len(),
                    &mut resource_type_keys,
                )
                .ok_or_else(|| err(n, CatalogErrorKind::BadIndex(line.to_string())))?;
                resource_types.push(ResourceType {
                    name: f[1].to_string().into(),
                    arn: arn.into(),
                    condition_keys: keys_start..resource_type_keys.len() as u32,
                });
                services[si].resource_types.end = resource_types.len() as u32;
            }
            _ => return Err(bad(n, line)),
        }
    }
    let key_end: Vec<u32> = key_start
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(condition_keys.len() as u32))
        .collect();

    // Each action section has a line per action in the file: the service
    // of each line when it is kept, `None` when it is skipped.
    let rows = || {
        in_file
            .iter()
            .enumerate()
            .flat_map(|(si, &(listed, kept))| {
                std::iter::repeat_n(kept.then_some(si as u32), listed as usize)
            })
    };
    let file_total: usize = in_file.iter().map(|&(c, _)| c as usize).sum();

    // Section: names. Each goes into one buffer as `prefix:Name\n`; its
    // shared head is copied from the previous name in the same buffer.
    let total = action_total as usize;
    let mut actions = ActionColumns {
        names: String::with_capacity(text.len()),
        name_starts: Vec::with_capacity(total + 1),
        service: Vec::with_capacity(total),
        level: Vec::with_capacity(total),
        resource_type_starts: Vec::with_capacity(total + 1),
        resource_types: Vec::with_capacity(total),
        condition_key_starts: Vec::with_capacity(total + 1),
        condition_keys: Vec::with_capacity(total),
        dependent_action_starts: Vec::with_capacity(total + 1),
        dependent_actions: Vec::new(),
    };
    let names = &mut actions.names;
    for (si, service) in services.iter().enumerate() {
        let (listed, kept) = in_file[si];
        // The previous name (without its prefix) in `names`.
        let mut prev = 0..0;
        for _ in 0..listed {
            let (n, line) = lines.next().ok_or_else(|| {
                err(
                    last_line,
                    CatalogErrorKind::SectionLength { section: "names" },
                )
            })?;
            last_line = n;
            if !kept {
                continue;
            }
            let space = find_byte(b' ', line.as_bytes()).ok_or_else(|| bad(n, line))?;
            let (shared, rest) = (&line[..space], &line[space + 1..]);
            let shared: usize = if shared.is_empty() {
                0
            } else {
                number(shared).ok_or_else(|| bad(n, line))? as usize
            };
            if shared > prev.len() || !names[prev.clone()].is_char_boundary(shared) {
                return Err(bad(n, line));
            }
            actions.name_starts.push(names.len() as u32);
            names.push_str(&service.prefix);
            names.push(':');
            let start = names.len();
            names.extend_from_within(prev.start..prev.start + shared);
            names.push_str(rest);
            prev = start..names.len();
            names.push('\n');
            actions.service.push(si as u32);
        }
    }
    actions.name_starts.push(names.len() as u32);
    names.shrink_to_fit();
    expect_separator(&mut lines, &mut last_line, "names")?;

    // Section: access levels, one line.
    let (n, levels) = lines.next().ok_or_else(|| {
        err(
            last_line,
            CatalogErrorKind::SectionLength { section: "levels" },
        )
    })?;
    last_line = n;
    let count = if levels.is_ascii() {
        levels.len()
    } else {
        levels.chars().count()
    };
    if count != file_total {
        return Err(err(
            n,
            CatalogErrorKind::SectionLength { section: "levels" },
        ));
    }
    let mut push = |c: char| {
        let level = level_of(c).ok_or_else(|| bad(n, &c.to_string()))?;
        actions.level.push(level);
        Ok(())
    };
    // The letters of the kept services, in file order.
    let mut letters = rows();
    if levels.is_ascii() {
        levels
            .bytes()
            .filter(|_| matches!(letters.next(), Some(Some(_))))
            .try_for_each(|b| push(char::from(b)))?;
    } else {
        levels
            .chars()
            .filter(|_| matches!(letters.next(), Some(Some(_))))
            .try_for_each(push)?;
    }
    expect_separator(&mut lines, &mut last_line, "levels")?;

    // Section: resource types per action.
    for row in rows() {
        let (n, line) = lines.next().ok_or_else(|| {
            err(
                last_line,
                CatalogErrorKind::SectionLength {
                    section: "resource types",
                },
            )
        })?;
        last_line = n;
        let Some(si) = row else { continue };
        actions
            .resource_type_starts
            .push(actions.resource_types.len() as u32);
        let s = &services[si as usize];
        for item in items(line) {
            let (idx, required) = match item.as_bytes().last() {
                Some(b'!') => (&item[..item.len() - 1], true),
                _ => (item, false),
            };
            let i = number(idx).ok_or_else(|| bad(n, line))?;
            let global = s.resource_types.start + i;
            if global >= s.resource_types.end {
                return Err(err(n, CatalogErrorKind::BadIndex(item.to_string())));
            }
            actions.resource_types.push((global, required));
        }
    }
    actions
        .resource_type_starts
        .push(actions.resource_types.len() as u32);
    expect_separator(&mut lines, &mut last_line, "resource types")?;

    // Section: condition keys per action.
    for row in rows() {
        let (n, line) = lines.next().ok_or_else(|| {
            err(
                last_line,
                CatalogErrorKind::SectionLength {
                    section: "condition keys",
                },
            )
        })?;
        last_line = n;
        let Some(si) = row else { continue };
        actions
            .condition_key_starts
            .push(actions.condition_keys.len() as u32);
        let si = si as usize;
        indices(
            line,
            key_start[si],
            key_end[si] as usize,
            &mut actions.condition_keys,
        )
        .ok_or_else(|| err(n, CatalogErrorKind::BadIndex(line.to_string())))?;
    }
    actions
        .condition_key_starts
        .push(actions.condition_keys.len() as u32);
    expect_separator(&mut lines, &mut last_line, "condition keys")?;

    // Section: dependent actions per action.
    for row in rows() {
        let (n, line) = lines.next().ok_or_else(|| {
            err(
                last_line,
                CatalogErrorKind::SectionLength {
                    section: "dependent actions",
                },
            )
        })?;
        last_line = n;
        if row.is_none() {
            continue;
        }
        actions
            .dependent_action_starts
            .push(actions.dependent_actions.len() as u32);
        actions
            .dependent_actions
            .extend(items(line).map(|item| item.to_string().into()));
    }
    actions
        .dependent_action_starts
        .push(actions.dependent_actions.len() as u32);
    if let Some((n, l)) = lines.find(|(_, l)| !l.is_empty()) {
        return Err(bad(n, l));
    }

    let mut service_order: Vec<u32> = (0..services.len() as u32).collect();
    // Stable: a repeated prefix keeps file order.
    service_order.sort_by(|&a, &b| {
        cmp_ignore_case(&services[a as usize].prefix, &services[b as usize].prefix)
    });

    Ok(Catalog {
        source_version,
        dependent_actions_version,
        services: services.into(),
        actions: actions.finish(),
        resource_types: resource_types.into(),
        resource_type_keys: resource_type_keys.into(),
        condition_keys: condition_keys.into(),
        service_order: service_order.into(),
        search: OnceLock::new(),
        request_wide_keys: OnceLock::new(),
    })
}

/// The file with only the services `keep` accepts (by prefix): the
/// header, those services' `S`, `K` and `R` lines, and their lines in each
/// action section, in the same format. Every index in the file counts
/// within its service and every name is front-coded within its service, so
/// parsing the part gives those services exactly as parsing the whole file
/// does. `build.rs` makes the recipes' part this way for the page's first
/// policy.
pub(super) fn part(text: &str, keep: &dyn Fn(&str) -> bool) -> Result<String, CatalogError> {
    let mut lines = lines(text).enumerate().map(|(i, l)| (i + 1, l));
    let err = |line, kind| CatalogError { line, kind };
    let mut out = String::new();
    let mut push = |line: &str| {
        out.push_str(line);
        out.push('\n');
    };
    let (_, header) = lines
        .next()
        .ok_or_else(|| err(1, CatalogErrorKind::BadHeader))?;
    push(header);

    // Per service: how many action lines it has in each section, and
    // whether it is kept.
    let mut in_file: Vec<(u32, bool)> = Vec::new();
    let mut last_line = 1;
    loop {
        let (n, line) = lines.next().ok_or_else(|| {
            err(
                last_line,
                CatalogErrorKind::SectionLength {
                    section: "services",
                },
            )
        })?;
        last_line = n;
        if line == "%" {
            push(line);
            break;
        }
        let bad = || {
            err(
                n,
                CatalogErrorKind::BadLine(line.chars().take(80).collect()),
            )
        };
        let mut f = split(line, b'\t');
        if f.next() == Some("S") {
            let (prefix, count) = (f.next(), f.nth(1));
            let (Some(prefix), Some(count)) = (prefix, count.and_then(number)) else {
                return Err(bad());
            };
            in_file.push((count, keep(prefix)));
        }
        match in_file.last() {
            Some(&(_, kept)) => {
                if kept {
                    push(line);
                }
            }
            None => return Err(bad()),
        }
    }
    let rows: Vec<bool> = in_file
        .iter()
        .flat_map(|&(count, kept)| std::iter::repeat_n(kept, count as usize))
        .collect();

    for section in [
        "names",
        "levels",
        "resource types",
        "condition keys",
        "dependent actions",
    ] {
        let mut next = || {
            let (n, line) = lines
                .next()
                .ok_or_else(|| err(last_line, CatalogErrorKind::SectionLength { section }))?;
            last_line = n;
            Ok::<_, CatalogError>(line)
        };
        if section == "levels" {
            let levels = next()?;
            if levels.chars().count() != rows.len() {
                return Err(err(last_line, CatalogErrorKind::SectionLength { section }));
            }
            let kept: String = levels
                .chars()
                .zip(&rows)
                .filter_map(|(c, &kept)| kept.then_some(c))
                .collect();
            push(&kept);
        } else {
            for &kept in &rows {
                let line = next()?;
                if kept {
                    push(line);
                }
            }
        }
        if section != "dependent actions" {
            expect_separator(&mut lines, &mut last_line, section)?;
            push("%");
        }
    }
    if let Some((n, l)) = lines.find(|(_, l)| !l.is_empty()) {
        return Err(err(
            n,
            CatalogErrorKind::BadLine(l.chars().take(80).collect()),
        ));
    }
    Ok(out)
}

/// [`Actions`] while the parser fills it. Natively its columns may borrow
/// from the compile-time tables (`built.rs`), so the parser fills owned ones
/// and wraps them; in the wasm they are `Vec`s already, and this is
/// `Actions` itself.
#[cfg(not(target_arch = "wasm32"))]
struct ActionColumns {
    names: String,
    name_starts: Vec<u32>,
    service: Vec<u32>,
    level: Vec<AccessLevel>,
    resource_type_starts: Vec<u32>,
    resource_types: Vec<(u32, bool)>,
    condition_key_starts: Vec<u32>,
    condition_keys: Vec<u32>,
    dependent_action_starts: Vec<u32>,
    dependent_actions: Vec<crate::storage::Text>,
}

#[cfg(target_arch = "wasm32")]
type ActionColumns = Actions;

#[cfg(not(target_arch = "wasm32"))]
impl ActionColumns {
    fn finish(self) -> Actions {
        Actions {
            names: self.names.into(),
            name_starts: self.name_starts.into(),
            service: self.service.into(),
            level: self.level.into(),
            resource_type_starts: self.resource_type_starts.into(),
            resource_types: self.resource_types.into(),
            condition_key_starts: self.condition_key_starts.into(),
            condition_keys: self.condition_keys.into(),
            dependent_action_starts: self.dependent_action_starts.into(),
            dependent_actions: self.dependent_actions.into(),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Actions {
    fn finish(self) -> Actions {
        self
    }
}

/// Compares `a` and `b` as if both were in ASCII lowercase.
pub(super) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

// Hand-written splitting and number parsing: the file has ~110,000 lines
// and ~40,000 list items, and `str::lines`, `str::split` and `str::parse`
// cost several times more per call (the release build optimises for size).

/// The first `b` in `hay`, eight bytes at a time: most lines and items
/// are short, where memchr's per-call set-up costs more than the search.
fn find_byte(b: u8, hay: &[u8]) -> Option<usize> {
    const LO: u64 = u64::from_ne_bytes([0x01; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = LO * u64::from(b);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // The lowest byte of `x` that is zero sets its high bit here (bytes
        // above it may too, which the lowest-bit count ignores).
        let zero = x.wrapping_sub(LO) & !x & HI;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b)
        .map(|i| at + i)
}

/// Like [`str::lines`]: split at `\n`, drop a `\r` before it, no empty
/// last line after a final `\n`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match find_byte(b'\n', rest.as_bytes()) {
            Some(i) => {
                let end = if i > 0 && rest.as_bytes()[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                let line = &rest[..end];
                rest = &rest[i + 1..];
                line
            }
            None => std::mem::take(&mut rest),
        };
        Some(line)
    })
}

/// Like `s.split(sep as char)` for an ASCII `sep`.
fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        Some(match find_byte(sep, r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                &r[..i]
            }
            None => {
                rest = None;
                r
            }
        })
    })
}

/// The non-empty items of a comma-separated list.
fn items(list: &str) -> impl Iterator<Item = &str> {
    split(list, b',').filter(|s| !s.is_empty())
}

/// Like `s.parse::<u32>().ok()`: decimal digits, an optional leading `+`.
fn number(s: &str) -> Option<u32> {
    let digits = match s.as_bytes() {
        [b'+', rest @ ..] => rest,
        all => all,
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(d))?;
    }
    Some(n)
}

/// A header line's fields: the first five, and how many there are.
struct Fields<'a> {
    f: [&'a str; 5],
    len: usize,
}

impl Fields<'_> {
    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, i: usize) -> Option<&str> {
        (i < self.len).then(|| self.f[i])
    }
}

impl<'a> std::ops::Index<usize> for Fields<'a> {
    type Output = &'a str;

    fn index(&self, i: usize) -> &&'a str {
        &self.f[..self.len][i]
    }
}

/// The strings, joined, in one allocation.
fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

fn expect_separator<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    last_line: &mut usize,
    section: &'static str,
) -> Result<(), CatalogError> {
    match lines.next() {
        Some((n, "%")) => {
            *last_line = n;
            Ok(())
        }
        Some((n, _)) => Err(CatalogError {
            line: n,
            kind: CatalogErrorKind::SectionLength { section },
        }),
        None => Err(CatalogError {
            line: *last_line,
            kind: CatalogErrorKind::SectionLength { section },
        }),
    }
}

/// `3,5,9` → global indices `start + i`, each below `end`, appended to
/// `out`; `None` (with `out` partly extended) if one is not.
fn indices(list: &str, start: u32, end: usize, out: &mut Vec<u32>) -> Option<()> {
    for s in items(list) {
        let g = start.checked_add(number(s)?)?;
        if g as usize >= end {
            return None;
        }
        out.push(g);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::ActionId;
    use super::*;

    const TINY: &str = "iam-catalog\t2\tpkg\t1.0\nS\ts3\tAmazon S3\t2\nK\ts3:prefix\ts\nR\tbucket\t#bucket/${BucketName}\t0\n%\n GetObject\n3 List\n%\nRL\n%\n0\n0!\n%\n\n0\n%\n\ns3:GetObject\n";

    #[test]
    fn parses_a_tiny_catalog() {
        let c = parse(TINY).expect("tiny catalog parses");
        assert_eq!(c.source_version(), "1.0");
        assert!(
            c.action("s3:List").is_none(),
            "front coding: `3 List` after GetObject is GetList"
        );
        let id = c.action("s3:GetList").expect("front-coded name");
        let a = c.action_info(id);
        assert_eq!(a.access_level(), AccessLevel::List);
        assert_eq!(
            a.resource_types()[0].arn(),
            "arn:${Partition}:s3::${Account}:bucket/${BucketName}"
        );
        assert!(a.resource_types()[0].required());
        assert_eq!(
            a.condition_keys().first().map(|k| k.name()),
            Some("s3:prefix")
        );
        assert_eq!(a.dependent_actions(), ["s3:GetObject".to_string()]);
    }

    #[test]
    fn lookups_ignore_case_whatever_the_file_order() {
        // Sorted as the generator sorts (uppercase first), not by lowercase.
        let text = "iam-catalog\t2\tpkg\t1.0\nS\tS3\tS3\t3\nS\tsqs\tSQS\t1\n%\n PutObject\n Zeta\n alpha\n SendMessage\n%\nWRLW\n%\n\n\n\n\n%\n\n\n\n\n%\n\n\n\n\n";
        let c = parse(text).expect("catalog parses");
        for (name, want) in [
            ("s3:putobject", Some(0)),
            ("S3:ZETA", Some(1)),
            ("s3:Alpha", Some(2)),
            ("SQS:sendmessage", Some(3)),
            ("s3:SendMessage", None),
            ("s3:alph", None),
            ("s3:alphab", None),
            ("s3", None),
        ] {
            assert_eq!(c.action(name), want.map(ActionId), "{name}");
        }
        assert_eq!(c.service("s3").map(Service::prefix), Some("S3"));
        assert_eq!(c.action_info(ActionId(2)).name(), "alpha");
        assert_eq!(c.action_info(ActionId(2)).full_name(), "S3:alpha");
        let found: Vec<String> = c
            .search_actions("A", 10)
            .into_iter()
            .map(|id| c.action_info(id).full_name())
            .collect();
        assert_eq!(found, ["S3:alpha", "S3:Zeta", "sqs:SendMessage"]);
    }

    #[test]
    fn splitting_and_numbers_match_std() {
        let hay = b"abcdefgh\x01\x80\n\n0123456789abcdef!";
        for b in [
            b'a', b'h', 1, 0x80, b'\n', b'0', b'9', b'f', b'!', b'z', 0, 0x81,
        ] {
            for start in 0..hay.len() {
                let want = hay[start..].iter().position(|&c| c == b);
                assert_eq!(find_byte(b, &hay[start..]), want, "{b} from {start}");
            }
        }
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb",
            "\n\n",
            "a\r",
            "a\r\r\n\r",
            "x\ny\n\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
        for list in ["", ",", "1", "1,,2,", ",3!,é"] {
            assert_eq!(
                split(list, b',').collect::<Vec<_>>(),
                list.split(',').collect::<Vec<_>>(),
                "{list:?}"
            );
        }
        for n in [
            "",
            "0",
            "+7",
            "+",
            "++1",
            "-1",
            "-0",
            "12a",
            "007",
            "4294967295",
            "4294967296",
            "١",
        ] {
            assert_eq!(number(n), n.parse::<u32>().ok(), "{n:?}");
        }
    }

    #[test]
    fn rejects_broken_files() {
        let cases = [
            ("empty", "", 1),
            ("wrong header", "iam-catalog\t1\tpkg\t1.0\n", 1),
            ("unknown line", "iam-catalog\t2\tpkg\t1.0\nX\tfoo\n", 2),
            (
                "short names",
                "iam-catalog\t2\tpkg\t1.0\nS\ts3\tS3\t2\n%\n Get\n",
                4,
            ),
            ("bad level", &TINY.replace("\nRL\n", "\nRZ\n"), 9),
            ("bad rt index", &TINY.replace("\n0!\n", "\n7!\n"), 12),
        ];
        for (name, text, line) in cases {
            let e = parse(text).expect_err(name);
            assert_eq!(e.line, line, "{name}: {e}");
        }
    }
}
