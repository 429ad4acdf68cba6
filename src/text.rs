//! Text for the terminal, shared by the screens (tui) and the printers (cli, the slip):
//! widths in cells, truncation, wrapping, and the display mapper that keeps
//! ambiguous-width characters (DESIGN.md, risk 5) out of what we draw or print.
//! It depends on nothing of the app, so every front end can use it without a cycle.

use unicode_normalization::UnicodeNormalization;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width of a character as Japanese terminals draw it (ambiguous = 2 would be
/// width_cjk); after [`display`] the two agree.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

pub fn width(s: &str) -> usize {
    s.width()
}

/// True when a string is drawn the same by a terminal that treats ambiguous-width
/// characters as narrow and by one that treats them as wide.
pub fn is_width_safe(s: &str) -> bool {
    s.width() == s.width_cjk()
}

/// A safe stand-in for a character whose width is ambiguous.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{203B}' => "＊",
        '\u{25CB}' | '\u{25EF}' => "〇",
        '\u{25CF}' | '\u{25C6}' | '\u{25A0}' | '\u{2605}' => "＊",
        '\u{25C7}' | '\u{25A1}' | '\u{2606}' => "＊",
        '\u{2192}' => "->",
        '\u{2190}' => "<-",
        '\u{2191}' => "^",
        '\u{2193}' => "v",
        '\u{2026}' => "...",
        '\u{2025}' => "..",
        '\u{2500}' | '\u{2501}' | '\u{2015}' | '\u{2014}' | '\u{2013}' => "-",
        '\u{2502}' | '\u{2503}' => "|",
        '\u{226A}' => "<<",
        '\u{226B}' => ">>",
        '\u{00D7}' => "x",
        '\u{00F7}' => "/",
        '\u{00B1}' => "+-",
        '\u{00B0}' => "度",
        '\u{00A7}' => "S",
        '\u{2018}' | '\u{2019}' => "'",
        '\u{201C}' | '\u{201D}' => "\"",
        '\u{00B7}' => "・",
        '\u{FF5E}' => "～",
        _ => return None,
    })
}

/// Map seed text for display: every ambiguous-width character is replaced by a
/// character (or a few) of unambiguous width; control characters are dropped, so text
/// from a seed file can never move the cursor or break the layout.
pub fn display(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
            continue;
        }
        if c.is_control() {
            continue;
        }
        let narrow = c.width();
        let wide = c.width_cjk();
        if narrow == wide {
            out.push(c);
        } else if let Some(r) = replacement(c) {
            out.push_str(r);
        } else {
            // e.g. a roman numeral one -> I, a circled one -> 1
            let folded: String = c.to_string().nfkc().collect();
            if folded.width() == folded.width_cjk() && folded != c.to_string() {
                out.push_str(&folded);
            } else {
                out.push('?');
            }
        }
    }
    out
}

/// The longest prefix of `s` that fits in `max` cells.
pub fn truncate(s: &str, max: usize) -> String {
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// Drop the first `cells` cells of a string (whole characters): what an input line
/// shows when its text is longer than the room and the cursor must stay in view.
pub fn drop_cells(s: &str, cells: usize) -> String {
    let mut w = 0;
    s.chars()
        .skip_while(|c| {
            if w >= cells {
                return false;
            }
            w += char_width(*c);
            true
        })
        .collect()
}

/// Right-align in `cells` cells (wide characters count two).
pub fn pad_left(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))))
}

/// Truncate and pad with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut t = truncate(s, cells);
    let w = width(&t);
    t.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    t
}

/// A name in at most `max` cells: whole when it fits; else cut with `..`, keeping a
/// parenthesized tail whole where there is room for it ("地域包括支援セン.. (東金子地区)"),
/// since that tail is what tells a program's sites apart.
pub fn shorten(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    const MARK: &str = "..";
    let tail = s
        .rfind(" (")
        .or_else(|| s.rfind('('))
        .or_else(|| s.rfind('（'))
        .map(|i| &s[i..]);
    if let Some(tail) = tail
        && width(tail) + MARK.len() + 4 <= max
    {
        let head = &s[..s.len() - tail.len()];
        return format!("{}{MARK}{tail}", truncate(head, max - width(tail) - MARK.len()));
    }
    format!("{}{MARK}", truncate(s, max.saturating_sub(MARK.len())))
}

/// Wrap text into lines of at most `max` cells, breaking anywhere (Japanese has no
/// spaces); explicit newlines are kept. Keeps at least one line.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for c in para.chars() {
            let cw = char_width(c);
            if w + cw > max {
                // Keep a latin word whole when the line has a space to break at.
                // (a word of ASCII letters, digits and marks: "(Space" moves whole)
                let carry = if c.is_ascii_graphic() {
                    match line.rfind(' ') {
                        Some(i) if line[i + 1..].chars().all(|c| c.is_ascii_graphic()) && i > 0 => {
                            let rest = line[i + 1..].to_string();
                            line.truncate(i);
                            rest
                        }
                        _ => String::new(),
                    }
                } else {
                    String::new()
                };
                lines.push(std::mem::take(&mut line));
                w = width(&carry);
                line = carry;
                if c == ' ' {
                    continue;
                }
            }
            line.push(c);
            w += cw;
        }
        lines.push(line);
    }
    lines
}

/// Remove control characters (and escape sequences' ESC) from pasted or typed text, and
/// cap its length in characters. Returns the text and whether it was cut.
pub fn sanitize_input(s: &str, max_chars: usize) -> (String, bool) {
    let mut out = String::new();
    let mut n = 0;
    let mut cut = false;
    for c in s.chars() {
        if c.is_control() {
            if matches!(c, '\n' | '\r' | '\t') && !out.ends_with(' ') {
                if n >= max_chars {
                    cut = true;
                    break;
                }
                out.push(' ');
                n += 1;
            }
            continue;
        }
        if n >= max_chars {
            cut = true;
            break;
        }
        out.push(c);
        n += 1;
    }
    (out, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapper_removes_ambiguity() {
        let s = "\u{203B}注意 \u{25CB}印 \u{2460} \u{2192} \u{2162} \u{2026} \u{2500}\u{2502} \u{226A}福祉圏域\u{226B}";
        let d = display(s);
        assert!(is_width_safe(&d), "{d}");
        assert!(d.contains("＊注意"));
        assert!(d.contains("->"));
    }

    #[test]
    fn wrap_and_fit_count_cells() {
        assert_eq!(wrap("ひきこもり相談", 6), vec!["ひきこ", "もり相", "談"]);
        assert_eq!(width(&fit("地域包括支援センター", 9)), 9);
        assert_eq!(truncate("abcあい", 4), "abc");
        assert_eq!(drop_cells("abcあい", 4), "い");
        assert_eq!(drop_cells("abcあい", 3), "あい");
        assert_eq!(drop_cells("abc", 0), "abc");
        assert_eq!(
            wrap("Comprehensive consultation / existing", 30),
            vec!["Comprehensive consultation /", "existing"]
        );
    }

    #[test]
    fn shorten_keeps_the_tail_that_tells_sites_apart() {
        assert_eq!(
            shorten("地域包括支援センター (藤沢)", 40),
            "地域包括支援センター (藤沢)"
        );
        let s = shorten("地域包括支援センター (宮寺・二本木地区)", 31);
        assert_eq!(s, "地域包括支.. (宮寺・二本木地区)");
        assert!(width(&s) <= 31);
        assert_eq!(shorten("精神障害者地域生活支援事業", 12), "精神障害者..");
    }

    #[test]
    fn wrap_keeps_a_latin_word_with_its_marks_whole() {
        assert_eq!(
            wrap("Choose where to hand off (Space, then Enter)", 28),
            vec!["Choose where to hand off", "(Space, then Enter)"]
        );
    }

    #[test]
    fn sanitize_strips_escapes_and_caps() {
        let (s, cut) = sanitize_input("a\x1b[31mb\nc", 100);
        assert_eq!(s, "a[31mb c");
        assert!(!cut);
        let (s, cut) = sanitize_input(&"あ".repeat(500), 10);
        assert_eq!(s.chars().count(), 10);
        assert!(cut);
    }
}
