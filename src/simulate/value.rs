//! Typed condition values: numbers, dates, booleans and IP ranges.
//!
//! Every parser returns `None` on text it does not understand; the caller
//! then treats the comparison as not matching (never as allowed).

use std::net::IpAddr;

/// A number for the `Numeric*` operators: optional `-`, digits, optional
/// `.digits`. Rust's own `f64` parser would also take `inf` and `NaN`, which
/// IAM does not.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(whole) || fraction.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// A `Bool` value: `true` or `false`, in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A date for the `Date*` operators, as milliseconds since the Unix epoch.
///
/// "IAM JSON policy elements: Condition operators" (date condition
/// operators) takes "the W3C implementations of the ISO 8601 date formats"
/// or epoch (UNIX) time. Accepted here: epoch seconds (`1700000000`),
/// `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm[:ss[.fff]]` followed by `Z`,
/// `±hh:mm`, `±hhmm` or nothing (UTC).
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(range)?;
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(millis);
    }
    if !matches!(b.get(10), Some(b'T' | b't')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let mut i = 16;
    let mut second = 0;
    let mut fraction_ms = 0;
    if b.get(i) == Some(&b':') {
        second = num(17..19)?;
        i = 19;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut end = start;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if end == start {
                return None;
            }
            // Milliseconds from the first three fraction digits.
            let first3: String = text[start..end]
                .chars()
                .chain("000".chars())
                .take(3)
                .collect();
            fraction_ms = first3.parse::<i64>().ok()?;
            i = end;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = match &b[i..] {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let rest = &text[i + 1..];
            let (h, m) = match rest.len() {
                5 if rest.as_bytes()[2] == b':' => (num(i + 1..i + 3)?, num(i + 4..i + 6)?),
                4 => (num(i + 1..i + 3)?, num(i + 3..i + 5)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    millis += ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + fraction_ms;
    Some(millis)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP range for `IpAddress`/`NotIpAddress`: `a.b.c.d/n`, `x::y/n`, or a
/// single address (`/32` or `/128`). "IAM JSON policy elements: Condition
/// operators": "Matching specified IP address or range" in "IPv4 and IPv6
/// CIDR format".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = addr.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
            Some(_) => return None,
        };
        (prefix <= max).then_some(Cidr { network, prefix })
    }

    /// Whether `ip` is in the range; an IPv4 address is never in an IPv6
    /// range nor the other way round.
    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        #[rustfmt::skip]
        let cases = [
            ("integer", "10", Some(10.0)),
            ("negative decimal", "-1.5", Some(-1.5)),
            ("not inf", "inf", None),
            ("not NaN", "NaN", None),
            ("no bare dot", "1.", None),
            ("empty", "", None),
            ("no plus", "+1", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_number(text), want, "{name}");
        }
    }

    #[test]
    fn dates() {
        #[rustfmt::skip]
        let cases = [
            ("epoch seconds", "1700000000", Some(1_700_000_000_000)),
            ("epoch zero date", "1970-01-01", Some(0)),
            ("date", "2020-01-01", Some(1_577_836_800_000)),
            ("datetime Z", "2020-01-01T00:00:00Z", Some(1_577_836_800_000)),
            ("datetime no seconds", "2020-01-01T01:30Z", Some(1_577_842_200_000)),
            ("fraction", "2020-01-01T00:00:00.25Z", Some(1_577_836_800_250)),
            ("positive offset", "2020-01-01T01:00:00+01:00", Some(1_577_836_800_000)),
            ("negative offset no colon", "2019-12-31T23:00:00-0100", Some(1_577_836_800_000)),
            ("no zone is UTC", "2020-01-01T00:00:00", Some(1_577_836_800_000)),
            ("leap day", "2024-02-29", Some(1_709_164_800_000)),
            ("not a leap day", "2023-02-29", None),
            ("month 13", "2020-13-01", None),
            ("hour 24", "2020-01-01T24:00:00Z", None),
            ("garbage", "yesterday", None),
            ("trailing junk", "2020-01-01T00:00:00Zx", None),
            ("empty", "", None),
            ("multibyte", "2020-01-01T00:00:00.ééé", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_date(text), want, "{name}");
        }
    }

    #[test]
    fn cidrs() {
        #[rustfmt::skip]
        let cases = [
            ("v4 in range", "10.0.0.0/8", "10.1.2.3", true),
            ("v4 out of range", "10.0.0.0/8", "11.0.0.1", false),
            ("v4 single address", "192.0.2.7", "192.0.2.7", true),
            ("v4 slash zero", "0.0.0.0/0", "203.0.113.1", true),
            ("v6 in range", "2001:db8::/32", "2001:db8:1::5", true),
            ("v6 out of range", "2001:db8::/32", "2001:db9::1", false),
            ("v6 slash 128", "2001:db8::1/128", "2001:db8::1", true),
            ("v4 never in v6", "::/0", "10.0.0.1", false),
        ];
        for (name, cidr, ip, want) in cases {
            let cidr = Cidr::parse(cidr).unwrap();
            assert_eq!(cidr.contains(ip.parse().unwrap()), want, "{name}");
        }
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "x"] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }
}
