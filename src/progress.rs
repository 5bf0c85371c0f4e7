//! The one progress bar of long work (`demo`, `merge`, `verify`, `export`, `import`), on
//! standard error with the count and an estimate of the time left, drawn by indicatif only
//! when standard error is a terminal (nothing at all in a pipe, a file or a cron mail). The
//! store reports through a plain callback, `store::Progress` (done, total); it knows no
//! terminal, and the core never sees progress.

use std::io::IsTerminal;
use std::time::Duration;

use std::fmt;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::domain::Lang;
use crate::domain::format::thousands;
use crate::i18n::{T, tr};

/// A bar labelled with what is being done (`T::ProgressDemo`...).
pub struct Bar {
    bar: ProgressBar,
    lang: Lang,
    label: T,
    known: Option<bool>,
}

impl Bar {
    /// A bar on standard error, hidden unless it is a terminal.
    pub fn new(lang: Lang, label: T) -> Bar {
        Bar::shown_if(std::io::stderr().is_terminal(), lang, label)
    }

    /// A bar drawn only if `show` (and standard error is a terminal): an export whose data
    /// goes to the terminal shows none, so the two never mix.
    pub fn shown_if(show: bool, lang: Lang, label: T) -> Bar {
        let target = if show && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        // Nothing is drawn before the first step is reported.
        Bar {
            bar: ProgressBar::with_draw_target(None, target),
            lang,
            label,
            known: None,
        }
    }

    /// Whether anything is drawn.
    pub fn shown(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// `done` of `total` (0: not known, a count alone).
    pub fn set(&mut self, done: usize, total: usize) {
        let known = total > 0;
        if self.known != Some(known) {
            self.known = Some(known);
            let template = if known {
                format!(
                    "{{msg}} [{{bar:25}}] {{done}}/{{total}} ({} {{eta}})",
                    tr(self.lang, T::ProgressLeft)
                )
            } else {
                "{msg} {spinner} {done}".to_string()
            };
            // Counts grouped as everywhere else in the user's language ("210.000").
            let lang = self.lang;
            if let Ok(style) = ProgressStyle::with_template(&template) {
                let style = style
                    .progress_chars("#> ")
                    .with_key("done", move |s: &ProgressState, w: &mut dyn fmt::Write| {
                        let _ = write!(w, "{}", thousands(lang, s.pos() as i64));
                    })
                    .with_key("total", move |s: &ProgressState, w: &mut dyn fmt::Write| {
                        let total = s.len().unwrap_or(0) as i64;
                        let _ = write!(w, "{}", thousands(lang, total));
                    });
                self.bar.set_style(style);
            }
            self.bar.set_message(tr(self.lang, self.label));
            if !known {
                self.bar.enable_steady_tick(Duration::from_millis(200));
            }
        }
        if known {
            self.bar.set_length(total as u64);
        }
        self.bar.set_position(done as u64);
    }

    /// The callback the store calls.
    pub fn callback(&mut self) -> impl FnMut(usize, usize) + '_ {
        |done, total| self.set(done, total)
    }

    /// Ends the bar, leaving its last state on its line.
    pub fn finish(&self) {
        if self.known.is_some() {
            self.bar.finish();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        // A failure half-way: the line is left as it was, and the message follows below.
        if !self.bar.is_finished() && self.known.is_some() {
            self.bar.abandon();
        }
    }
}
