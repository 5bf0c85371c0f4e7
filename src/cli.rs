//! Command-line arguments (clap). Parsed raw here, then turned into typed settings by
//! `main.rs` and `commands`. `bench` and the hidden `crash-writer` exist only with the
//! `bench` feature. The doc comments are the English help of the code's readers; what a
//! user sees comes from the i18n table through `localize` (help in their language, usage
//! errors on one line with status 2, empty environment variables taken as unset).

pub mod localize;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

/// A `YYYY-MM-DD` date (`--today`, `PILAR_TODAY`); a bad one is a usage error.
fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| e.to_string())
}

#[derive(Debug, Parser)]
#[command(
    name = "pilar",
    version,
    about = "Dasbor terminal untuk pendamping sosial PKH / Terminal dashboard for PKH social facilitators"
)]
pub struct Cli {
    /// Database file (default: $PILAR_DB, else ~/.local/share/pilar/pilar.db)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Interface language: id (default) or en
    #[arg(long, global = true, env = "PILAR_LANG", value_name = "id|en")]
    pub lang: Option<String>,

    /// Draw borders and gauges with plain ASCII characters
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Colours for a dark (default) or light terminal background (also $PILAR_THEME)
    #[arg(long, global = true, value_name = "light|dark")]
    pub theme: Option<String>,

    /// Login name of the worker using pilar (default: the database's default user, else
    /// your login name)
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Months of monitoring follow-ups a graduation schedules (one every 3 months)
    #[arg(
        long,
        global = true,
        env = "PILAR_MONITORING_MONTHS",
        default_value_t = 12
    )]
    pub monitoring_months: u32,

    /// Create a new database unencrypted, on purpose (the default is encrypted)
    #[arg(long, global = true)]
    pub plaintext: bool,

    /// Pretend today is this date (YYYY-MM-DD); for tests and reproducible screenshots
    #[arg(long, global = true, env = "PILAR_TODAY", hide = true, value_parser = date)]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a realistic demo caseload and open it
    Demo(DemoArgs),
    /// Print the team roll-up (a supervisor's team, or your own figures) to paste or print
    Report(ReportArgs),
    /// Print a household's summary or the visit plan, to print or bring to a meeting
    Print(PrintArgs),
    /// Measure start-up, cursor moves and terminal output on a database
    #[cfg(feature = "bench")]
    Bench(BenchArgs),
    /// Bring another pilar database (a laptop worked offline) into this one; fields edited
    /// differently on both sides are kept for a person to decide (`:konflik` in pilar)
    Merge {
        /// The other database file (it is only read)
        other: PathBuf,
    },
    /// Check the database file and its tamper-evident history
    Verify(VerifyArgs),
    /// Create a new encrypted database (asks for a passphrase twice; PILAR_KEY_FILE works too)
    Init,
    /// Change the passphrase of an encrypted database
    Passwd,
    /// Import households (with --members), activities, graduations, referrals, P2K2 groups
    /// or life events from CSV or .xlsx into your caseload
    Import(ImportArgs),
    /// Export households, members, activities, graduations, referrals, payments,
    /// verifications, P2K2 groups or life events as CSV, .xlsx or JSON
    Export(ExportArgs),
    /// Run the central sync service: laptops pull and push their caseloads over HTTP(S), kept
    /// in PostgreSQL (migrates its schema first; Ctrl-c or SIGTERM stops it)
    Serve(ServeArgs),
    /// Administer the central server: load a pilar database onto it, enrolment codes, devices
    Server(ServerArgs),
    /// Sync this laptop with the central server: enrol on first use (--server and --code),
    /// then pull, merge and push; safe to run again after any failure
    Sync(SyncArgs),
    /// Print the shell completion script for bash, zsh or fish
    Completions {
        /// The shell
        #[arg(value_parser = ["bash", "zsh", "fish"], value_name = "SHELL")]
        shell: String,
    },
    /// Test hook for the crash-safety test: saves N activities, printing each id once its
    /// transaction has committed
    #[cfg(feature = "bench")]
    #[command(hide = true)]
    CrashWriter {
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The sync server, e.g. https://sync.example.go.id (needed at the first enrolment)
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The one-time enrolment code from `pilar server enroll` (first sync, or a new device)
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// A certificate (PEM) to trust for the server, when it has its own (kept for later syncs)
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head printed by an earlier `pilar verify` (status 1 if the history no longer
    /// reaches it)
    #[arg(long, value_name = "SEQ:HASH")]
    pub expect: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Year of the graduations (default: this year; a past year is counted to 31 December)
    #[arg(long)]
    pub year: Option<i32>,
    /// text (to paste or print), csv (a spreadsheet) or md (Markdown)
    #[arg(
        long,
        default_value = "text",
        ignore_case = true,
        value_parser = clap::builder::PossibleValuesParser::new([
            clap::builder::PossibleValue::new("text").aliases(["teks", "txt"]),
            clap::builder::PossibleValue::new("csv"),
            clap::builder::PossibleValue::new("md").alias("markdown"),
        ])
    )]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    #[command(subcommand)]
    pub what: PrintWhat,
}

#[derive(Debug, Subcommand)]
pub enum PrintWhat {
    /// A household's summary: members, components, benefit, activities, referrals, graduations
    Household {
        /// The household's id or No KK
        #[arg(
            value_name = "ID",
            required_unless_present = "search",
            conflicts_with = "search"
        )]
        id: Option<String>,
        /// Find the household with a search as in the list (it must match one)
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[command(flatten)]
        out: PrintOut,
    },
    /// The visit plan by village: follow-ups due, families not visited in 90 days
    Visits {
        /// First day of the plan (default: today)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day of the plan (default: six days after --from)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[command(flatten)]
        out: PrintOut,
    },
}

#[derive(Debug, Args)]
pub struct PrintOut {
    /// text (aligned, to print) or md (Markdown)
    #[arg(
        long,
        default_value = "text",
        ignore_case = true,
        value_parser = clap::builder::PossibleValuesParser::new([
            clap::builder::PossibleValue::new("text").aliases(["teks", "txt"]),
            clap::builder::PossibleValue::new("md").alias("markdown"),
        ])
    )]
    pub format: String,
    /// Output file (default, or -: standard output); an existing file is never overwritten
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[cfg(feature = "bench")]
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Number of cursor moves to time
    #[arg(long, default_value_t = 2000)]
    pub moves: usize,
    /// Number of cold starts (open, query, first frame) to time
    #[arg(long, default_value_t = 20)]
    pub starts: usize,
    /// Rounds of typed searches and applied filters to time
    #[arg(long, default_value_t = 10)]
    pub searches: usize,
    /// Instead: time importing N generated households from CSV into a new database
    #[arg(long, value_name = "N")]
    pub import: Option<u64>,
    /// Instead: time the sync against PostgreSQL (PILAR_TEST_PG): a 500-family restore onto
    /// PILAR_SYNC_LAPTOPS laptops at once (default 2), then a day's sync
    #[arg(long)]
    pub sync: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .csv (comma or semicolon) or .xlsx; its kind is told by its headers
    pub file: PathBuf,
    /// The households' members (keyed by No KK); an .xlsx may hold them on a second sheet
    #[arg(long, value_name = "FILE")]
    pub members: Option<PathBuf>,
    /// Import the valid rows and list the others (default: any invalid row stops it all)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Check and report without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(long, value_parser = ["households", "members", "activities", "graduations", "referrals", "payments", "verifications", "groups", "life-events", "signoffs"])]
    pub what: String,
    /// File format (xlsx needs --out)
    #[arg(long, default_value = "csv", value_parser = ["csv", "xlsx", "json"])]
    pub format: String,
    /// Output file (default, or `-`: standard output)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// PostgreSQL connection string (postgres://user@host/db or "host=... dbname=...";
    /// sslmode=require for TLS)
    #[arg(long, env = "PILAR_PG", value_name = "URL")]
    pub pg: String,
    /// Address and port to listen on
    #[arg(long, default_value = "127.0.0.1:8470", value_name = "ADDR")]
    pub listen: String,
    /// PostgreSQL connections to keep, whatever the number of laptops (1 to 32)
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub pool: usize,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key
    #[arg(long, value_name = "PEM")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM)
    #[arg(long, value_name = "PEM")]
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub command: ServerCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Load a whole pilar database onto the server (a district's first upload, or the demo),
    /// regency by regency; running it again changes nothing
    Load {
        /// PostgreSQL connection string
        #[arg(long, env = "PILAR_PG", value_name = "URL")]
        pg: String,
        /// The pilar database file (only read)
        #[arg(value_name = "DB")]
        file: PathBuf,
        /// Every worker's regency (4 digits), when their households' area codes do not tell
        #[arg(long, value_name = "NNNN")]
        kab: Option<String>,
    },
    /// Print a one-time enrolment code (valid 7 days) for the worker --user LOGIN; or
    /// revoke a device, or list devices
    Enroll {
        /// PostgreSQL connection string
        #[arg(long, env = "PILAR_PG", value_name = "URL")]
        pg: String,
        /// Revoke this device (its id, from --list): its token stops working
        #[arg(long, value_name = "DEVICE")]
        revoke: Option<String>,
        /// List the enrolled devices (of --user, or all)
        #[arg(long)]
        list: bool,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of households (at most 2,000,000, and what fits on the disk)
    #[arg(long, default_value_t = 462)]
    pub households: u64,
    /// Number of facilitators (more than 1 adds a supervisor over all of them)
    #[arg(long, default_value_t = 1)]
    pub workers: u64,
    /// Seed of the generator: the same seed gives the same caseload
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only write the database; do not open it
    #[arg(long)]
    pub no_open: bool,
    /// Replace the demo even if a person made entries in it (otherwise asked)
    #[arg(long)]
    pub replace: bool,
}
