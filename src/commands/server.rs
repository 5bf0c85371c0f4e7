//! `pilar server load` (a whole pilar database onto the central server, regency by regency,
//! idempotent) and `pilar server enroll` (one-time enrolment codes, revoking and listing
//! devices). Both connect as the URL's user, the schema's owner, and migrate first.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, Utc};
use pilar_server::admin::{self, AdminError};
use pilar_server::db::{self, DbError};
use pilar_server::load::{self, LoadError, LoadOptions, Snapshot};

use crate::cli::{Cli, ServerArgs, ServerCommand};
use crate::domain::Lang;
use crate::i18n::{T, fill, reject_reason, tr};
use crate::store::messages::open_error;

use super::Failure;
use super::open::open_other;

pub fn command(cli: &Cli, lang: Lang, args: &ServerArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        ServerCommand::Load { pg, file, kab } => load_command(cli, lang, pg, file, kab.as_deref()),
        ServerCommand::Enroll { pg, revoke, list } => {
            enroll_command(cli, lang, pg, revoke.as_deref(), *list)
        }
    }
}

fn db_failure(lang: Lang, e: &DbError) -> Failure {
    Failure(fill(tr(lang, T::ServeDb), &[e]))
}

/// Connects as the owner and brings the schema up to date.
async fn connect(lang: Lang, pg: &str) -> Result<pilar_server::tokio_postgres::Client, Failure> {
    let mut client = db::connect(pg).await.map_err(|e| db_failure(lang, &e))?;
    db::migrate(&mut client)
        .await
        .map_err(|e| db_failure(lang, &e))?;
    Ok(client)
}

fn load_command(
    cli: &Cli,
    lang: Lang,
    pg: &str,
    file: &Path,
    kab: Option<&str>,
) -> Result<ExitCode, Failure> {
    let today = super::today(cli, lang)?;
    let store = open_other(file, lang)?;
    let snap = Snapshot::read(&store).map_err(|e| Failure(open_error(lang, file, &e)))?;
    drop(store);
    let rt =
        pilar_server::runtime().map_err(|e| Failure(fill(tr(lang, T::ServerRuntime), &[&e])))?;
    let report = rt.block_on(async {
        let mut client = connect(lang, pg).await?;
        let opts = LoadOptions {
            kab: kab.map(str::to_string),
            today: Some(today),
        };
        load::load(&mut client, &snap, &opts)
            .await
            .map_err(|e| match e {
                LoadError::NoRegency(logins) => {
                    Failure(fill(tr(lang, T::ServerLoadNoKab), &[&logins.join(", ")]))
                }
                LoadError::BadKab(k) => Failure(fill(tr(lang, T::ServerLoadBadKab), &[&k])),
                LoadError::BadWorker(w) => Failure(fill(tr(lang, T::ServerLoadBadWorker), &[&w])),
                LoadError::LoginClash(l) => Failure(fill(tr(lang, T::ServerLoadLoginClash), &[&l])),
                LoadError::Pg(e) => {
                    Failure(fill(tr(lang, T::ServerLoadFailed), &[&DbError::Pg(e)]))
                }
                LoadError::Race => Failure(fill(tr(lang, T::ServerLoadFailed), &[&"race"])),
            })
    })?;
    let source = file.display();
    if !report.changed() {
        say!("{}", fill(tr(lang, T::ServerLoadNothing), &[&source]));
    } else {
        say!(
            "{}",
            fill(tr(lang, T::ServerLoadDone), &[&source, &report.workers])
        );
    }
    for k in &report.regencies {
        say!(
            "{}",
            fill(
                tr(lang, T::ServerLoadKab),
                &[&k.kab, &k.facilitators, &k.rows_applied, &k.entries_added]
            )
        );
        for (code, n) in &k.quarantined {
            let why = load::reject_code(code).map_or(code.as_str(), |c| reject_reason(lang, c));
            say!("{}", fill(tr(lang, T::ServerLoadQuarantined), &[&why, n]));
        }
    }
    if report.skipped_entries > 0 {
        say!(
            "{}",
            fill(tr(lang, T::ServerLoadSkipped), &[&report.skipped_entries])
        );
    }
    if report.unfiled_entries > 0 {
        say!(
            "{}",
            fill(tr(lang, T::ServerLoadUnfiled), &[&report.unfiled_entries])
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn enroll_command(
    cli: &Cli,
    lang: Lang,
    pg: &str,
    revoke: Option<&str>,
    list: bool,
) -> Result<ExitCode, Failure> {
    let rt =
        pilar_server::runtime().map_err(|e| Failure(fill(tr(lang, T::ServerRuntime), &[&e])))?;
    rt.block_on(async {
        let client = connect(lang, pg).await?;
        let admin_failure = |e: AdminError| match e {
            AdminError::UnknownLogin(l) => Failure(fill(tr(lang, T::ServerUnknownLogin), &[&l])),
            AdminError::UnknownDevice(d) => Failure(fill(tr(lang, T::ServerUnknownDevice), &[&d])),
            AdminError::Pg(e) => db_failure(lang, &DbError::Pg(e)),
            AdminError::Random => Failure(fill(tr(lang, T::ServerRuntime), &[&"random"])),
        };
        if let Some(device) = revoke {
            let done = admin::revoke(&client, device, Utc::now())
                .await
                .map_err(admin_failure)?;
            let t = if done {
                T::ServerRevoked
            } else {
                T::ServerRevokedAlready
            };
            say!("{}", fill(tr(lang, t), &[&device]));
            return Ok(ExitCode::SUCCESS);
        }
        if list {
            let devices = admin::devices(&client, cli.user.as_deref())
                .await
                .map_err(admin_failure)?;
            if devices.is_empty() {
                say!("{}", tr(lang, T::ServerNoDevices));
            }
            let when = |t: chrono::DateTime<Utc>| {
                t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
            };
            for d in devices {
                let mut line = fill(
                    tr(lang, T::ServerDeviceLine),
                    &[&d.id, &d.login, &d.name, &when(d.created_at)],
                );
                if let Some(r) = d.revoked_at {
                    line.push_str(&fill(tr(lang, T::ServerDeviceRevoked), &[&when(r)]));
                }
                say!("{line}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let Some(login) = cli.user.as_deref() else {
            return Err(Failure(tr(lang, T::ServerEnrollNoUser).to_string()));
        };
        let (code, expires) = admin::issue_code(&client, login, Utc::now())
            .await
            .map_err(admin_failure)?;
        let until = expires
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        say!(
            "{}",
            fill(tr(lang, T::ServerEnrollCode), &[&login, &code, &until])
        );
        Ok(ExitCode::SUCCESS)
    })
}
