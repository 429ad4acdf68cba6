//! The つなぐシート out of the desk: saved to a file of the user's, or printed with `lp`
//! when a printer is set up. Both are the clerk's explicit act (a key on the slip
//! screen); the file is private to its owner (0600, never written through a symlink).
//!
//! Saved slips go to `~/tsunagu-slips/` (0700), never into the data folder: a purge
//! must leave no cleared text there. Printing runs `lp` off the screen's thread
//! ([`Printer::spawn`]); its answer (the request id, or why not) comes back as a
//! [`Printed`].

use crate::domain::parse_case_number;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};

/// The folder under the home folder where slips are saved.
pub const SLIP_DIR: &str = "tsunagu-slips";

/// Where slips are saved by default: `~/tsunagu-slips`. None without a home folder.
pub fn default_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().join(SLIP_DIR))
}

/// Save the slip of case `number` as `<dir>/<number>.txt` (the folder made 0700 when
/// missing; the file 0600, replaced whole when it exists); its path.
pub fn save(dir: &Path, number: &str, text: &str) -> io::Result<PathBuf> {
    if parse_case_number(number).is_none() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a case number"));
    }
    crate::store::fsync::create_private_dir(dir)?;
    let path = dir.join(format!("{number}.txt"));
    crate::store::fsync::write_atomically(&path, true, |_, e| e, |w| w.write_all(text.as_bytes()))?;
    Ok(path)
}

/// What became of a print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Printed {
    /// No `lp`, or no default destination: nothing was sent.
    NotSetUp,
    /// `lp` took it; its answer (the request id), first line.
    Sent(String),
    /// `lp` refused or could not run; its first line of error, or the exit status.
    Failed(String),
}

/// The printing commands (tests point them at stand-ins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printer {
    pub lp: PathBuf,
    pub lpstat: PathBuf,
}

impl Default for Printer {
    fn default() -> Printer {
        Printer {
            lp: PathBuf::from("lp"),
            lpstat: PathBuf::from("lpstat"),
        }
    }
}

/// Most bytes of `lp`'s answer kept for the message line.
const ANSWER_CHARS: usize = 60;

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    line.chars()
        .filter(|c| !c.is_control())
        .take(ANSWER_CHARS)
        .collect()
}

impl Printer {
    /// `lp` is there to run: a path that exists, or a name found on PATH. Quick (no
    /// process is started), so the key can say at once when there is none.
    pub fn installed(&self) -> bool {
        if self.lp.components().count() > 1 {
            return self.lp.is_file();
        }
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(&self.lp).is_file()))
    }

    /// A default destination is set: `$PRINTER` or `$LPDEST`, or `lpstat -d` names one.
    pub fn has_destination(&self) -> bool {
        let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
        if set("PRINTER") || set("LPDEST") {
            return true;
        }
        let Ok(out) = Command::new(&self.lpstat)
            .arg("-d")
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
        else {
            return false;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        out.status.success() && text.contains("system default destination:")
    }

    /// Print `text` titled `title` (blocking: call it off the screen's thread).
    pub fn print(&self, title: &str, text: &str) -> Printed {
        if !self.installed() || !self.has_destination() {
            return Printed::NotSetUp;
        }
        let child = Command::new(&self.lp)
            .arg("-t")
            .arg(title)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => return Printed::Failed(e.kind().to_string()),
        };
        if let Some(mut stdin) = child.stdin.take()
            && let Err(e) = stdin.write_all(text.as_bytes())
        {
            let _ = child.kill();
            let _ = child.wait();
            return Printed::Failed(e.kind().to_string());
        }
        match child.wait_with_output() {
            Ok(out) if out.status.success() => Printed::Sent(first_line(&out.stdout)),
            Ok(out) => {
                let why = first_line(&out.stderr);
                Printed::Failed(if why.is_empty() {
                    out.status.to_string()
                } else {
                    why
                })
            }
            Err(e) => Printed::Failed(e.kind().to_string()),
        }
    }

    /// [`Printer::print`] on its own thread; the answer comes on the receiver.
    pub fn spawn(&self, title: String, text: String) -> io::Result<Receiver<Printed>> {
        let (tx, rx) = channel();
        let printer = self.clone();
        std::thread::Builder::new()
            .name("tsunagu-print".into())
            .spawn(move || {
                let _ = tx.send(printer.print(&title, &text));
            })?;
        Ok(rx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        path
    }

    #[test]
    fn a_saved_slip_is_private_and_named_by_its_case() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("slips");
        let path = save(&dir, "R8-000002", "つなぐシート\n").unwrap();
        assert_eq!(path, dir.join("R8-000002.txt"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "つなぐシート\n");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        // saved again: replaced whole
        save(&dir, "R8-000002", "2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "2\n");
        assert!(save(&dir, "../x", "").is_err());
    }

    #[test]
    fn lp_prints_only_with_a_destination_and_says_what_it_answered() {
        let tmp = tempfile::tempdir().unwrap();
        let got = tmp.path().join("printed.txt");
        let lp = script(
            tmp.path(),
            "lp",
            &format!(
                "cat > '{}'; echo \"request id is desk-7 (1 file(s))\"",
                got.display()
            ),
        );
        let none = script(tmp.path(), "lpstat-none", "echo 'no system default destination'");
        let some = script(tmp.path(), "lpstat", "echo 'system default destination: desk'");
        // (the variables of the machine running the tests must not decide)
        if std::env::var_os("PRINTER").is_none() && std::env::var_os("LPDEST").is_none() {
            let unset = Printer {
                lp: lp.clone(),
                lpstat: none,
            };
            assert_eq!(unset.print("t", "x"), Printed::NotSetUp);
            assert!(!got.exists());
        }
        let missing = Printer {
            lp: tmp.path().join("no-lp"),
            lpstat: some.clone(),
        };
        assert!(!missing.installed());
        assert_eq!(missing.print("t", "x"), Printed::NotSetUp);
        let printer = Printer { lp, lpstat: some };
        let rx = printer
            .spawn("R8-000002".into(), "つなぐシート\n".into())
            .unwrap();
        let answer = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(answer, Printed::Sent("request id is desk-7 (1 file(s))".into()));
        assert_eq!(std::fs::read_to_string(&got).unwrap(), "つなぐシート\n");
        let refusing = Printer {
            lp: script(
                tmp.path(),
                "lp-bad",
                "cat >/dev/null; echo 'lp: The printer is not responding.' >&2; exit 1",
            ),
            lpstat: printer.lpstat.clone(),
        };
        assert_eq!(
            refusing.print("t", "x"),
            Printed::Failed("lp: The printer is not responding.".into())
        );
    }
}
