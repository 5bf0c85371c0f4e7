//! Every user-facing string, in Bahasa Indonesia (the default) and English. Fixed strings
//! are variants of [`T`], defined pairwise by the `texts!` table so neither language can be
//! missing one; labels for domain values are exhaustive `match`es. Templates use `{}`
//! placeholders filled in order by [`fill`].

use std::fmt::Display;

use crate::domain::Lang;
use crate::domain::activity::ActivityKind;
use crate::domain::component::{Component, ComponentViolation, Ineligible};
use crate::domain::graduation::{
    ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus, SocialProgram,
};
use crate::domain::nik::NikError;
use crate::model::{Member, Relation, Role};

pub mod cli_help;
pub mod life_event;
pub mod payment;
pub mod print;
pub mod readiness;
pub mod today;
pub mod verification;
pub use verification::{outcome_label, reason_label};

macro_rules! texts {
    ($($name:ident => $id:expr, $en:expr;)*) => {
        /// A fixed user-facing string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($name,)* }
        impl T {
            pub const ALL: &'static [T] = &[$(T::$name,)*];
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(T::$name => match lang { Lang::Id => $id, Lang::En => $en },)*
                }
            }
        }
    };
}

texts! {
    // Merging laptops (issue 5).
    MergeSameFile => "{} adalah basis data ini sendiri: tidak ada yang digabung.", "{} is this database itself: nothing to merge.";
    MergeReadOnly => "{} hanya bisa dibaca: tidak bisa menggabungkan ke dalamnya.", "{} is read-only: nothing can be merged into it.";
    MergeLoginClash => "Login {} dipakai pendamping yang berbeda di kedua basis data (id lain); tidak ada yang digabung. Samakan dulu siapa pemilik login itu.", "The login {} belongs to different workers in the two databases (other ids); nothing was merged. Settle whose login it is first.";
    MergeOtherBroken => "Riwayat {} rusak di entri {} ({}); tidak ada yang digabung. Periksa dengan pilar verify.", "The history of {} is broken at entry {} ({}); nothing was merged. Check it with pilar verify.";
    MergePassPrompt => "Kata sandi basis data {}: ", "Passphrase of the database {}: ";
    MergeDone => "Digabung dari {} ke {}:", "Merged {} into {}:";
    MergeLine => "  {}: {} ditambah, {} diperbarui, {} konflik baru", "  {}: {} added, {} updated, {} new {conflict|conflicts}";
    MergeHistory => "  riwayat: {} entri dibawa", "  history: {} {entry|entries} brought over";
    MergeNothing => "Tidak ada yang baru dari {}: semuanya sudah ada di sini.", "Nothing new from {}: everything is already here.";
    MergeOpen => "{} konflik menunggu keputusan: buka pilar dan ketik :konflik.", "{} {conflict waits|conflicts wait} for a decision: open pilar and type :conflicts.";
    MergeTableWorkers => "pendamping", "workers";
    MergeTableHouseholds => "keluarga", "households";
    MergeTableMembers => "anggota", "members";
    MergeTableActivities => "kegiatan", "activities";
    MergeTableAttendance => "peserta kegiatan", "activity attendance";
    MergeTableGraduations => "graduasi", "graduations";
    MergeTableReferrals => "rujukan", "referrals";
    MergeTablePayments => "pembayaran tahap", "tahap payments";
    MergeTableVerifications => "verifikasi komitmen", "commitment verifications";
    MergeTableGroups => "kelompok P2K2", "P2K2 groups";
    MergeTableSignoffs => "paraf koordinator", "supervisor sign-offs";
    MergeTableViews => "tampilan tersimpan", "saved views";
    MergeTableUnknown => "catatan lain", "other records";
    KeyConflicts => "Konflik", "Conflicts";
    KeyKeepOurs => "Pakai data di sini", "Keep ours";
    KeyTakeTheirs => "Ambil yang lain", "Take theirs";
    HelpConflicts => "Konflik penggabungan yang menunggu keputusan", "Merge conflicts waiting for a decision";
    HelpKeepOurs => "Konflik: pertahankan nilai di basis data ini", "Conflicts: keep this database's value";
    HelpTakeTheirs => "Konflik: ambil nilai dari laptop lain", "Conflicts: take the other laptop's value";
    ConflictsTitle => "Konflik penggabungan ({})", "Merge conflicts ({})";
    ConflictsEmpty => "Tidak ada konflik yang menunggu keputusan.", "No conflicts wait for a decision.";
    ConflictsHousehold => "Keluarga", "Household";
    ConflictsField => "Isian", "Field";
    ConflictsOurs => "Di sini", "Here";
    ConflictsTheirs => "Laptop lain", "Other laptop";
    MsgConflictsOpen => "{} konflik penggabungan menunggu keputusan: ketik :konflik", "{} merge conflicts wait for a decision: type :conflicts";
    MsgConflictKept => "Dipertahankan {} = {} ({})", "Kept {} = {} ({})";
    MsgConflictTaken => "Diambil dari laptop lain: {} = {} ({})", "Taken from the other laptop: {} = {} ({})";
    MsgConflictAlreadySettled => "Konflik ini sudah diputuskan di sesi lain; daftar dimuat ulang.", "This conflict was already settled in another session; the list was reloaded.";

    // The central server (issue 13): `pilar serve`, `pilar server load|enroll`, and the
    // sync protocol's error and quarantine codes for the laptop (`sync_error`, `reject_reason`).
    ServeListening => "Layanan sinkron berjalan di {} (PostgreSQL: paling banyak {} koneksi). Ctrl-c untuk berhenti.", "Sync service running at {} (PostgreSQL: at most {} connections). Ctrl-c stops it.";
    ServeMigrated => "Skema server diperbarui: versi {}.", "Server schema migrated: version {}.";
    ServeStopped => "Layanan sinkron berhenti.", "Sync service stopped.";
    ServeDb => "PostgreSQL tidak bisa dipakai: {}", "PostgreSQL cannot be used: {}";
    ServeTls => "Sertifikat atau kunci TLS tidak bisa dipakai: {}", "The TLS certificate or key cannot be used: {}";
    ServeTlsPair => "--tls-cert dan --tls-key harus diberikan bersama.", "--tls-cert and --tls-key go together.";
    ServeListen => "Tidak bisa mendengarkan di {}: {}", "Cannot listen on {}: {}";
    ServeBadListen => "Alamat {} tidak dikenal; contoh: 127.0.0.1:8470", "Unknown address {}; for example: 127.0.0.1:8470";
    ServePool => "--pool harus 1 sampai 32 (bukan {}).", "--pool must be 1 to 32 (not {}).";
    ServerRuntime => "Tidak bisa memulai: {}", "Cannot start: {}";
    ServerLoadDone => "Dimuat ke server dari {}: {} petugas (pendamping dan koordinator).", "Loaded onto the server from {}: {} {worker|workers} (facilitators and supervisors).";
    ServerLoadKab => "  kabupaten {}: {} pendamping, {} baris ditulis, {} entri riwayat baru", "  regency {}: {} {facilitator|facilitators}, {} {row|rows} written, {} new history {entry|entries}";
    ServerLoadQuarantined => "    ditahan, tidak dimuat ({}): {}", "    quarantined, not loaded ({}): {}";
    ServerLoadSkipped => "  {} entri riwayat di luar KPM dampingan (pendamping, tampilan tersimpan, penggabungan) tidak dikirim", "  {} history {entry|entries} outside a caseload (workers, saved views, merges) were not sent";
    ServerLoadUnfiled => "  {} entri riwayat tanpa catatannya di basis data ini tidak dikirim", "  {} history {entry|entries} whose record this database lacks were not sent";
    ServerLoadNothing => "Tidak ada yang baru: server sudah memuat semua isi {}.", "Nothing new: the server already holds everything in {}.";
    ServerLoadNoKab => "Kabupaten pendamping ini tidak bisa ditentukan (tidak ada keluarga dengan kode wilayah): {}. Beri --kab NNNN.", "The regency of these workers cannot be told (no households with an area code): {}. Give --kab NNNN.";
    ServerLoadBadKab => "--kab harus kode kabupaten 4 angka, bukan {}.", "--kab must be a 4-digit regency code, not {}.";
    ServerLoadBadWorker => "Data pendamping tidak bisa dimuat: {}", "A worker cannot be loaded: {}";
    ServerLoadLoginClash => "Login {} sudah ada di server untuk pendamping lain (id berbeda); tidak ada yang dimuat. Samakan dulu siapa pemilik login itu.", "The server has the login {} for another worker (a different id); nothing was loaded. Settle whose login it is first.";
    ServerLoadFailed => "Gagal memuat ke server (kabupaten yang gagal tidak berubah; aman diulang): {}", "Loading onto the server failed (the regency that failed is unchanged; safe to run again): {}";
    ServerEnrollCode => "Kode pendaftaran untuk {}: {}\nBerlaku sekali, sampai {}. Ketik kode ini di laptop pada sinkron pertama.", "Enrolment code for {}: {}\nValid once, until {}. Type it on the laptop at its first sync.";
    ServerEnrollNoUser => "Beri --user LOGIN (pendamping yang sudah dimuat ke server), --revoke PERANGKAT atau --list.", "Give --user LOGIN (a worker loaded onto the server), --revoke DEVICE or --list.";
    ServerUnknownLogin => "Login {} tidak dikenal server; muat basis datanya dulu dengan pilar server load.", "The server does not know the login {}; load its database first with pilar server load.";
    ServerRevoked => "Perangkat {} dicabut: tokennya tidak berlaku lagi.", "Device {} revoked: its token no longer works.";
    ServerRevokedAlready => "Perangkat {} sudah dicabut sebelumnya.", "Device {} was revoked already.";
    ServerUnknownDevice => "Perangkat {} tidak dikenal server.", "The server knows no device {}.";
    ServerNoDevices => "Belum ada perangkat terdaftar.", "No device is enrolled yet.";
    ServerDeviceLine => "{}  {}  {}  terdaftar {}", "{}  {}  {}  enrolled {}";
    ServerDeviceRevoked => "  dicabut {}", "  revoked {}";
    SyncErrBadRequest => "Server menolak permintaan ini sebagai rusak; tidak ada yang berubah. Perbarui pilar.", "The server refused this request as malformed; nothing was changed. Update pilar.";
    SyncErrTooLarge => "Kiriman terlalu besar untuk server; tidak ada yang berubah.", "The request is too large for the server; nothing was changed.";
    SyncErrUnauthorized => "Server tidak mengenal laptop ini: daftarkan lagi dengan kode baru.", "The server does not know this laptop: enrol again with a new code.";
    SyncErrTokenRevoked => "Pendaftaran laptop ini sudah dicabut: minta kode baru ke koordinator.", "This laptop's enrolment was revoked: ask your coordinator for a new code.";
    SyncErrForbidden => "Akun Anda tidak boleh melakukan ini di server.", "Your account may not do this on the server.";
    SyncErrEnrollCodeInvalid => "Kode pendaftaran tidak dikenal; periksa ketikannya.", "Unknown enrolment code; check how it was typed.";
    SyncErrEnrollCodeUsed => "Kode pendaftaran ini sudah dipakai; minta kode baru.", "This enrolment code was used already; ask for a new one.";
    SyncErrEnrollCodeExpired => "Kode pendaftaran ini sudah kedaluwarsa (7 hari); minta kode baru.", "This enrolment code has expired (7 days); ask for a new one.";
    SyncErrWorkerMismatch => "Login ini tercatat di server untuk pendamping lain (id berbeda); tidak ada yang dikirim.", "The server has this login for another worker (a different id); nothing was sent.";
    SyncErrPullFirst => "Ada perubahan baru di server; ambil dulu, lalu kirim lagi.", "The server has new changes; pull first, then push again.";
    SyncErrHistoryRewritten => "Riwayat di laptop ini tidak sama dengan yang dikirim sebelumnya (berkas dipulihkan atau disalin?); sinkron dihentikan.", "This laptop's history is not the one it sent before (a restored or copied file?); the sync stopped.";
    SyncErrPushIdReused => "Kiriman ini bertabrakan dengan kiriman perangkat lain; coba lagi.", "This push collides with another device's; try again.";
    SyncErrNotFound => "Alamat server salah atau versinya lain.", "Wrong server address, or another server version.";
    SyncErrMethodNotAllowed => "Alamat server salah atau versinya lain.", "Wrong server address, or another server version.";
    SyncErrUnavailable => "Server sedang tidak bisa dipakai; coba lagi nanti (tidak ada yang hilang).", "The server is unavailable; try again later (nothing is lost).";
    SyncErrInternal => "Gangguan di server; tidak ada yang berubah. Coba lagi nanti.", "A fault on the server; nothing was changed. Try again later.";
    RejectBadValue => "nilai tidak sah untuk isiannya", "a value that does not fit its field";
    RejectMissingValue => "isian wajib kosong", "a required field is empty";
    RejectBadNik => "NIK atau No KK tidak sah", "an invalid NIK or No KK";
    RejectUnknownKey => "pilihan yang tidak dikenal", "an unknown choice";
    RejectNotYourHousehold => "keluarga ini milik pendamping lain di server", "the household is another facilitator's on the server";
    RejectSupervisorNoteOnly => "koordinator hanya boleh menulis catatan supervisi", "a supervisor may write only supervision notes";
    RejectSignOffNotAllowed => "paraf hanya dari koordinator kabupaten ini, atas namanya sendiri, untuk pendamping yang diparaf", "a sign-off comes only from a supervisor of the regency, in their own name, for the facilitator signed off";
    RejectWorkerChange => "pendamping sebuah keluarga hanya berubah lewat pemindahan", "a household's facilitator changes only by a transfer";
    RejectOutsideRegency => "kode wilayah keluarga di luar kabupaten pendampingnya", "the household's area code is outside its facilitator's regency";
    RejectNikClaimed => "NIK ini sudah tercatat untuk keluarga lain", "this NIK is already recorded for another household";
    RejectMissingParent => "keluarga, kegiatan atau graduasinya tidak ada di server", "its household, activity or graduation is not on the server";
    RejectMissingRecord => "catatannya tidak ada di kiriman maupun di server", "its record is neither in the push nor on the server";
    RejectUnknownWorker => "pendamping yang disebut tidak dikenal server", "a worker it names is unknown to the server";
    RejectRecordRefused => "catatannya ditahan di kiriman yang sama", "its record was quarantined in the same push";

    // The laptop's sync (issue 13): `pilar sync` and `:sinkron` in the TUI.
    SyncNotEnrolled => "Laptop ini belum terdaftar ke server sinkron. Daftarkan sekali dengan: pilar sync --server ALAMAT --code KODE (kode dari koordinator kabupaten).", "This laptop is not enrolled with a sync server yet. Enrol it once with: pilar sync --server URL --code CODE (the code comes from your district coordinator).";
    SyncBadUrl => "Alamat server {} tidak sah; contoh: https://sinkron.contoh.go.id", "The server address {} is not valid; for example: https://sync.example.go.id";
    SyncCaFile => "Sertifikat server tidak bisa dipakai: {}", "The server certificate cannot be used: {}";
    SyncNetwork => "Server {} tidak bisa dihubungi ({}). Periksa sambungan internet; tidak ada yang hilang, jalankan pilar sync lagi nanti.", "The server {} cannot be reached ({}). Check the connection; nothing is lost, run pilar sync again later.";
    SyncTls => "Sambungan aman ke {} gagal ({}). Periksa alamat server, atau beri --ca BERKAS dengan sertifikat server dari petugas IT kabupaten.", "The secure connection to {} failed ({}). Check the server address, or give --ca FILE with the server's certificate from the district IT officer.";
    SyncBadAnswer => "Jawaban server tidak bisa dibaca ({}); tidak ada yang berubah di sini. Perbarui pilar atau hubungi petugas IT kabupaten.", "The server's answer cannot be read ({}); nothing was changed here. Update pilar or contact the district IT officer.";
    SyncBusy => "Server terus menerima perubahan dari laptop lain; semua yang sudah diambil tersimpan. Jalankan pilar sync lagi sebentar lagi.", "The server keeps receiving changes from other laptops; everything pulled so far is saved. Run pilar sync again in a moment.";
    SyncCaRead => "Berkas sertifikat {} tidak bisa dibaca: {}", "The certificate file {} cannot be read: {}";
    SyncCodeNeedsServer => "Beri --server ALAMAT bersama --code pada pendaftaran pertama.", "Give --server URL together with --code at the first enrolment.";
    SyncEnrolled => "Terdaftar ke {} sebagai {} ({}).", "Enrolled with {} as {} ({}).";
    SyncRoleFacilitator => "pendamping", "facilitator";
    SyncRoleSupervisor => "koordinator", "supervisor";
    SyncNothing => "Sudah sinkron: tidak ada yang berubah.", "Already in sync: nothing moved.";
    SyncPulled => "Diambil dari server: {} entri riwayat, {} catatan baru, {} diperbarui, {} konflik baru.", "Pulled from the server: {} history entries, {} new records, {} updated, {} new conflicts.";
    SyncPushed => "Dikirim ke server: {} entri riwayat, {} baris.", "Pushed to the server: {} history entries, {} rows.";
    SyncTeam => "Tim: caseload {} pendamping, {} baris diperbarui, rekap tim disimpan.", "Team: caseloads of {} facilitators, {} rows updated, team roll-up saved.";
    SyncQuarantined => "{} kiriman ditahan server dan tidak diterapkan (sisanya diterima):", "{} items were quarantined by the server and not applied (the rest was accepted):";
    SyncQuarantinedLine => "  {} {}: {}", "  {} {}: {}";
    SyncFailed => "Sinkron gagal: {}", "Sync failed: {}";
    SyncRunning => "Sinkron berjalan… layar tetap bisa dipakai.", "Sync running… the screen stays usable.";
    SyncDone => "Sinkron selesai: {} diambil, {} dikirim, {} konflik baru.", "Sync done: {} pulled, {} pushed, {} new conflicts.";
    SyncAlready => "Sinkron sedang berjalan.", "A sync is already running.";
    SyncStatus => "belum terkirim {} · sinkron {}", "unsent {} · synced {}";
    SyncNever => "belum pernah", "never";
    KeySync => "Sinkron", "Sync";
    HelpSync => "Sinkronkan dengan server (di latar belakang)", "Sync with the server (in the background)";

    // Status bar labels (short).
    KeyMove => "Pindah", "Move";
    KeyTop => "Awal", "Top";
    KeyBottom => "Akhir", "Bottom";
    KeyPage => "Halaman", "Page";
    KeyAgenda => "Agenda", "Agenda";
    KeyHalfPage => "Setengah halaman", "Half page";
    KeyRedraw => "Gambar ulang", "Redraw";
    KeySuspend => "Tunda", "Suspend";
    KeyLineHistory => "Riwayat perintah", "Command history";
    KeyComplete => "Lengkapi", "Complete";
    KeyPane => "Panel", "Pane";
    KeyOpen => "Buka", "Open";
    KeyBack => "Kembali", "Back";
    KeyRun => "Jalankan", "Run";
    KeyLogScope => "Log", "Log";
    KeyExited => "Semua status", "All statuses";
    KeyCommand => "Perintah", "Command";
    KeyHelp => "Bantuan", "Help";
    KeyQuit => "Keluar", "Quit";
    KeySearch => "Cari", "Search";
    KeySort => "Urut", "Sort";
    KeyViews => "Tampilan", "Views";
    KeyPick => "Pilih", "Pick";
    KeyField => "Isian", "Field";
KeyAdd => "Catat", "Record";
    NoteMonitoring => "Pemantauan pascagraduasi, bulan ke-{}", "Post-graduation monitoring, month {}";
    NoteFollowUpDone => "Tindak lanjut selesai: {}", "Follow-up done: {}";
    NoteFollowUpDoneWith => "Tindak lanjut selesai: {}. Hasil: {}", "Follow-up done: {}. Outcome: {}";
    MsgQuitAgain => "Isian belum disimpan. {} sekali lagi untuk keluar tanpa menyimpan.", "Not saved. {} again quits without saving.";
KeyClose => "Tutup", "Close";
    FormDateFuture => "tanggal belum lewat; catat rencana sebagai tanggal tindak lanjut", "has not happened yet; plans go in the follow-up date";
    ErrNeedsKey => "{} terenkripsi: perlu kata sandi (ketik saat diminta, atau PILAR_KEY_FILE=berkas berisi kata sandi).", "{} is encrypted: a passphrase is needed (type it when asked, or PILAR_KEY_FILE=a file holding it).";
ErrWrongKey => "Kata sandi tidak membuka {} (atau berkas itu bukan basis data pilar). Berkas tidak diubah.", "The passphrase does not open {} (or the file is not a pilar database). The file was not changed.";
    ErrWrongKeyShort => "kata sandi salah", "wrong passphrase";
    PassPrompt => "Kata sandi basis data: ", "Database passphrase: ";
    PassNew => "Kata sandi baru (minimal 8 karakter): ", "New passphrase (at least 8 characters): ";
    PassAgain => "Ulangi kata sandi: ", "Repeat the passphrase: ";
    PassMismatch => "Kedua kata sandi tidak sama; coba lagi.", "The two passphrases differ; try again.";
    PassShort => "Kata sandi terlalu pendek (minimal 8 karakter).", "The passphrase is too short (at least 8 characters).";
    PassEmpty => "Kata sandi tidak boleh kosong; coba lagi.", "The passphrase cannot be empty; try again.";
    KeyFileShared => "{} dapat dibaca atau diubah pengguna lain (izin {}); kata sandi di dalamnya tidak dipakai. Perbaiki dengan: chmod 600 {}", "{} can be read or changed by other users (mode {}); the passphrase in it is not used. Fix it with: chmod 600 {}";
    KeyFileShort => "Kata sandi di {} terlalu pendek (minimal 8 karakter); tidak dipakai.", "The passphrase in {} is too short (at least 8 characters); it is not used.";
    PassWrongRetry => "Kata sandi salah; coba lagi ({} kesempatan tersisa).", "Wrong passphrase; try again ({} {try|tries} left).";
    PassNoTerminal => "Tidak ada terminal untuk mengetik kata sandi; pakai PILAR_KEY_FILE.", "No terminal to type a passphrase on; use PILAR_KEY_FILE.";
    InitDone => "Basis data terenkripsi dibuat: {}", "Encrypted database created: {}";
    InitPlainDone => "Basis data TIDAK terenkripsi dibuat (sesuai --plaintext): {}", "UNENCRYPTED database created (as --plaintext asked): {}";
    InitExists => "{} sudah ada; tidak dibuat ulang.", "{} already exists; not created again.";
    PasswdDone => "Kata sandi {} diganti.", "The passphrase of {} was changed.";
    PasswdPlain => "{} tidak terenkripsi; tidak ada kata sandi untuk diganti.", "{} is not encrypted; there is no passphrase to change.";
    PasswdInUse => "{} sedang dibuka sesi pilar lain; kata sandi tidak diganti. Tutup sesi itu dulu, lalu coba lagi.", "{} is open in another pilar session; the passphrase was not changed. Close that session first, then try again.";
    PlainBadge => "TIDAK TERENKRIPSI", "NOT ENCRYPTED";
    ErrReadOnlyOld => "{} hanya dapat dibaca dan dibuat oleh pilar versi lama; buka sekali dengan izin tulis untuk memperbaruinya.", "{} is read-only and from an older pilar; open it once with write permission to update it.";
    ErrReadOnlyShort => "basis data hanya dapat dibaca", "the database is read-only";
    ErrDiskFull => "disk penuh: tidak ada yang tersimpan (yang sudah tersimpan aman). Kosongkan ruang disk, lalu coba lagi.", "the disk is full: nothing was saved (what was saved before is safe). Free some disk space, then try again.";
    ReadOnlyBadge => "HANYA BACA", "READ-ONLY";
    MsgReadOnly => "Basis data hanya dapat dibaca: lihat saja, tidak ada yang bisa diubah", "The database is read-only: you can look, not change anything";
    FormStale => "Keluarga ini baru diubah di sesi lain sejak isian ini dibuka; tidak disimpan. Yang tersimpan sekarang: {}. Esc, lalu buka lagi dengan e.", "This household was changed in another session since this form was opened; not saved. Stored now: {}. Esc, then open it again with e.";
    KeyReveal => "Lihat NIK", "Reveal NIK";
    HelpReveal => "Tampilkan NIK dan No KK keluarga ini (dicatat di riwayat)", "Show this household's NIK and No KK (recorded in the history)";
    MsgRevealed => "NIK dan No KK ditampilkan; tercatat atas nama {}", "NIK and No KK shown; recorded under {}";
    ErrUnsafe => "{} dapat ditulis pengguna lain (izin {}); pilar tidak membukanya karena berisi data pribadi. Perbaiki dengan: chmod 600 {}", "{} can be written by other users (mode {}); pilar does not open it because it holds personal data. Fix it with: chmod 600 {}";
    ErrUnsafeShort => "berkas dapat ditulis pengguna lain", "the file can be written by other users";
    VerifyOk => "{}: berkas utuh, {} entri riwayat utuh dan berurutan, dan data sesuai riwayatnya.", "{}: the file is sound; {} history {entry is|entries are} intact and in order, and the records agree with them.";
    VerifyIntegrity => "Pemeriksaan berkas: {}", "File check: {}";
    VerifyBroken => "Riwayat rusak mulai entri nomor {} ({}): entri itu atau sebelumnya diubah atau dihapus.", "The history is broken from entry number {} ({}): that entry or the one before it was changed or removed.";
    VerifyHead => "Kepala riwayat: {}. Catat di tempat lain; nanti pilar verify --expect {} memeriksa bahwa riwayat masih sampai ke sana.", "History head: {}. Note it elsewhere; later pilar verify --expect {} checks that the history still reaches it.";
    VerifyHeadEmpty => "Riwayat masih kosong.", "The history is empty.";
    VerifyHeadNotRecorded => "Catatan: berkas belum mencatat kepala riwayatnya (ditulis pilar versi lama); simpanan berikutnya mencatatnya.", "Note: the file does not record its history's head yet (written by an older pilar); the next save records it.";
    VerifyShortened => "Riwayat dipendekkan: simpanan terakhir mencatat kepala {}, tetapi riwayat berakhir di entri nomor {}; entri di ujungnya dihapus.", "The history was shortened: the last save recorded the head {}, but the history ends at entry number {}; entries at its end were removed.";
    VerifyEmptied => "Riwayat dikosongkan: simpanan terakhir mencatat kepala {}, tetapi tidak ada entri lagi; semuanya dihapus.", "The history was emptied: the last save recorded the head {}, but no entry is left; all of them were removed.";
    VerifyHeadDiffers => "Kepala riwayat yang tercatat ({}) bukan entri terakhir riwayat ({}): riwayat diubah di luar pilar.", "The recorded history head ({}) is not the history's last entry ({}): the history was changed outside pilar.";
    VerifyTrigger => "Pelindung riwayat {} hilang atau diubah: entri riwayat dapat diubah atau dihapus.", "The history's guard {} is missing or altered: history entries can be changed or removed.";
    VerifyMismatch => "Tabel {}, data {}, kolom {}: isinya tidak sama dengan nilai terakhir di riwayat (diubah di luar pilar).", "Table {}, record {}, field {}: its value is not the history's last one (changed outside pilar).";
    VerifyRowGone => "Tabel {}, data {}: ada di riwayat tetapi barisnya hilang (dihapus di luar pilar).", "Table {}, record {}: the history has it but its row is gone (deleted outside pilar).";
    VerifyMoreMismatches => "... dan {} lagi yang tidak sesuai riwayat.", "... and {} more that disagree with the history.";
    VerifyExpectOk => "Riwayat masih sampai ke {}.", "The history still reaches {}.";
    VerifyExpectGone => "Riwayat tidak lagi sampai ke {}: entri nomor {} tidak ada.", "The history no longer reaches {}: there is no entry number {}.";
    VerifyExpectOther => "Riwayat tidak lagi sampai ke {}: entri nomor {} punya hash lain ({}).", "The history no longer reaches {}: entry number {} has another hash ({}).";
    VerifyExpectBad => "--expect {} tidak dikenal; tulis NOMOR:HASH seperti yang dicetak pilar verify.", "--expect {} not understood; write SEQ:HASH as pilar verify prints it.";
    ErrEmpty => "{} kosong (0 bita): belum ada basis data di dalamnya. Berkas tidak diubah.", "{} is empty (0 bytes): there is no database in it. The file was not changed.";
    ErrEmptyShort => "berkas kosong", "the file is empty";
    ErrStdout => "Tidak dapat menulis ke keluaran standar: {}", "Cannot write to standard output: {}";
    HelpRejectReferral => "Rujukan terakhir ditolak: :tolak-rujukan", "The latest referral was rejected: :reject-referral";
    ErrLang => "bahasa {} tidak dikenal; pakai --lang id atau --lang en", "unknown language {}; use --lang id or --lang en";
    ErrTheme => "tema {} tidak dikenal ({}); pakai light atau dark", "unknown theme {} ({}); use light or dark";

    // The command line's habits (issue 12, item 3): one line per usage error (status 2),
    // naming the argument or the environment variable.
    UsageBadValue => "{}: nilai \"{}\" tidak berlaku", "{}: the value \"{}\" is not valid";
    UsageBadChoice => "{}: nilai \"{}\" tidak berlaku (pilihan: {})", "{}: the value \"{}\" is not valid (choose {})";
    UsageBadDate => "{}: \"{}\" bukan tanggal; tulis YYYY-MM-DD", "{}: \"{}\" is not a date; write YYYY-MM-DD";
    UsageBadNumber => "{}: \"{}\" bukan bilangan yang berlaku", "{}: \"{}\" is not a valid number";
    UsageUnknownArg => "argumen {} tidak dikenal; lihat pilar --help", "unknown argument {}; see pilar --help";
    UsageUnknownCommand => "perintah {} tidak dikenal; lihat pilar --help", "unknown command {}; see pilar --help";
    UsageMissing => "{} wajib diisi", "{} is required";
    UsageNoValue => "{} perlu nilai", "{} needs a value";
    UsageConflict => "{} tidak bisa dipakai bersama {}", "{} cannot be used with {}";
    UsageNeedsCommand => "pilar {} perlu perintah: {}", "pilar {} needs a command: {}";
    UsageOther => "argumen tidak berlaku ({}); lihat pilar --help", "invalid arguments ({}); see pilar --help";
    ProgressLeft => "sisa", "left";
    ProgressDemo => "Menulis demo", "Writing the demo";
    ProgressMerge => "Menggabungkan", "Merging";
    ProgressVerify => "Memeriksa riwayat", "Checking the history";
    ProgressExport => "Mengekspor", "Exporting";
    ErrNoUserKnown => "Tidak ada pengguna bernama {} di basis data ini. Login yang ada: {}.", "There is no user named {} in this database. Known logins: {}.";
    ErrNoDataDir => "folder data tidak diketahui (HOME kosong?); pakai --db", "no data folder known (is HOME unset?); use --db";
    FormBirthFuture => "tanggal lahir di masa depan", "a birth date in the future";
    MsgNotHere => "Perintah {} tidak berlaku di layar ini", "The command {} does not apply on this screen";
    HelpClose2 => "Tutup jendela ini", "Close this window";
    DraftOfferTitle => "Draf tersimpan", "Kept form";
    KeyMember => "Anggota", "Member";
    KeyNew => "Tambah", "New";
    KeyEdit => "Ubah", "Edit";
    HelpAddMember => "Tambah anggota keluarga", "Add a family member";
    HelpRemoveMember => "Hapus anggota di kursor", "Remove the member at the cursor";
    HelpOpenDuplicate => "Buka keluarga yang sudah memakai NIK/No KK itu", "Open the household that already uses that NIK/No KK";
    HelpNewHousehold => "Tambah keluarga baru", "Add a new household";
    HelpEditHousehold => "Ubah data keluarga terpilih", "Edit the selected household";
    HelpAdvanceReferral => "Majukan status rujukan terakhir (diusulkan, diterima, berjalan, selesai)", "Move the latest referral on (proposed, accepted, running, completed)";
    FormHouseholdNew => "Keluarga baru", "New household";
    FormHouseholdEdit => "Ubah: {}", "Edit: {}";
    FieldNoKk => "No KK", "Family card no.";
    FieldMemberName => "{}. Nama", "{}. Name";
    FieldPengurusName => "Pengurus", "Recipient";
    FieldNik => "   NIK", "   NIK";
    FieldSex => "   Jenis kelamin", "   Sex";
    FieldBirth => "   Tgl lahir", "   Born";
    FieldRelation => "   Hubungan", "   Relation";
    FieldComponent => "   Komponen", "   Component";
    FieldAddress => "Alamat", "Address";
    FieldRt => "RT", "RT";
    FieldRw => "RW", "RW";
    FieldVillage => "Desa/kelurahan", "Village";
    FieldKecamatan => "Kecamatan", "District";
    FieldKabupaten => "Kabupaten/kota", "Regency/city";
    FieldAreaCode => "Kode wilayah", "Area code";
    FieldPhone => "No. HP", "Phone";
    FieldDesil => "Desil (DTSEN)", "Decile (DTSEN)";
    FieldJoined => "Tahun masuk PKH", "Year joined PKH";
    FieldProgram1 => "Menerima {}", "Receives {}";
    FieldBusiness => "Punya usaha", "Runs a business";
    FieldBusinessDesc => "Jenis usaha", "Kind of business";
    FieldIncome => "Penghasilan/bulan", "Income/month";
    FieldPas => "PAS: {}", "PAS: {}";
    ChoiceFromNik => "(dari NIK)", "(from NIK)";
    ChoiceNone => "(tidak ada)", "(none)";
    SexMale => "Laki-laki", "Male";
    SexFemale => "Perempuan", "Female";
    SexMaleShort => "L", "M";
    ValueYes => "ya", "yes";
    ValueNo => "tidak", "no";
    SexFemaleShort => "P", "F";
    FormNotNumber => "harus angka", "must be a number";
    FormDesilRange => "desil 1 sampai 10", "decile 1 to 10";
    FormNikWarnSex => "peringatan: NIK menunjukkan {}; Enter sekali lagi untuk tetap menyimpan", "warning: the NIK says {}; Enter again to save anyway";
    FormNikWarnBirth => "peringatan: NIK menunjukkan lahir {}; Enter sekali lagi untuk tetap menyimpan", "warning: the NIK says born {}; Enter again to save anyway";
    FormNeedMember => "perlu paling sedikit satu anggota (pengurus)", "at least one member (the recipient) is needed";
    FormDuplicate => "{} {} sudah terdaftar pada keluarga {}. {} membuka keluarga itu.", "{} {} is already registered to the household of {}. {} opens it.";
    FormDuplicateElsewhere => "{} {} sudah terdaftar di KPM dampingan pendamping lain.", "{} {} is already registered in another facilitator's caseload.";
    FormDuplicateInForm => "NIK ini dipakai dua kali di isian ini", "this NIK is used twice in this form";
    FormComponentRule => "Aturan komponen: {}", "Component rule: {}";
    FormAreaCode => "kode wilayah 10 digit: PP.KK.CC.DDDD, bagian desa/kelurahan diawali 1 (kelurahan), 2 (desa) atau 3 (desa adat)", "a 10-digit area code PP.KK.CC.DDDD, the village part starting 1 (kelurahan), 2 (desa) or 3 (desa adat)";
    MsgSavedHousehold => "Keluarga tersimpan: {}", "Household saved: {}";
    MsgReferralAdvanced => "Rujukan {}: {}", "Referral {}: {}";
    MsgNoReferral => "Keluarga ini belum punya rujukan (r untuk merujuk)", "This household has no referral yet (r refers it)";
    MsgReferralFinal => "Rujukan sudah {}", "The referral is already {}";
    FormActivityTitle => "Catat kegiatan: {}", "Record an activity: {}";
    FormActivityGroupTitle => "Kegiatan kelompok: {} KPM", "Group activity: {} households";
    FormGraduationTitle => "Graduasi / keluar: {}", "Graduation / exit: {}";
    FormReferralTitle => "Rujukan: {}", "Referral: {}";
    FormNoReferral => "(tanpa rujukan)", "(no referral)";
    FieldKind => "Jenis", "Kind";
    FieldDate => "Tanggal", "Date";
    FieldSummary => "Ringkasan", "Summary";
    FieldDetail => "Rincian", "Details";
    FieldFollowUp => "Tgl tindak lanjut", "Follow-up date";
    FieldModule => "Modul P2K2", "P2K2 module";
    FieldSession => "Sesi ke-", "Session no.";
    FieldGroup => "Kelompok", "Group";
    FieldPlace => "Tempat", "Place";
    FieldAttended => "Hadir: {}", "Present: {}";
    FieldExitKind => "Jenis", "Kind";
    FieldReason => "Alasan", "Reason";
    FieldAssessed => "Asesmen sudah dilakukan", "Assessment done";
    FieldStatement => "Surat pernyataan ditandatangani", "Statement signed";
    FieldReferral => "Rujuk ke", "Refer to";
    FieldProgram => "Program", "Program";
    FieldAgency => "Lembaga", "Agency";
    FieldStatus => "Status", "Status";
    FieldNotes => "Catatan", "Notes";
    FormFollowUpBeforeDate => "sebelum tanggal kegiatan", "before the activity's date";
    FormSessionRange => "modul ini Sesi {} sampai {}", "this module is sessions {} to {}";
    FormStatementNeeded => "{} perlu surat pernyataan yang ditandatangani", "{}: the family's signed statement is needed";
    FormAssessmentNeeded => "{} perlu asesmen", "{}: the assessment is needed";
    MsgSavedActivity => "Tersimpan: {}", "Saved: {}";
    MsgSavedGroup => "Kegiatan kelompok tersimpan untuk {} KPM", "Group activity saved for {} {household|households}";
    MsgSavedGraduation => "Graduasi tersimpan: {}", "Graduation saved: {}";
    MsgSavedReferral => "Rujukan tersimpan: {}", "Referral saved: {}";
    MsgUndoConfirm => "Tekan U sekali lagi untuk membatalkan graduasi/keluar {}", "Press U again to undo the graduation or exit of {}";
    MsgUndone => "Graduasi dibatalkan dan dicatat; keluarga aktif lagi", "Graduation undone (recorded); the household is active again";
    MsgNothingToUndo => "Keluarga ini tidak punya graduasi untuk dibatalkan", "This household has no graduation to undo";
    MsgAlreadyExited => "Keluarga ini sudah {}. Tekan U untuk membatalkannya dulu.", "This household is already {}. Press U to undo that first.";
    MsgMarked => "{} keluarga ditandai (Spasi menandai, a mencatat untuk semuanya)", "{} {household|households} marked (Space marks, a records for all of them)";
    MsgGroupTooLarge => "Paling banyak {} keluarga dalam satu kegiatan kelompok", "At most {} households in one group activity";
    MsgNoHousehold => "Pilih keluarga dulu", "Select a household first";
    MsgFollowUpDone => "Tindak lanjut selesai dan dicatat", "Follow-up done and recorded";
    MsgDraftOffer => "Ada isian yang belum tersimpan dari sesi sebelumnya: {}. Tekan Enter untuk membukanya, Esc untuk membuang.", "An unsaved form from last time: {}. Enter opens it again, Esc discards it.";
    MsgDraftDiscarded => "Isian lama dibuang", "Old form discarded";
    HistoryTitle => "Riwayat perubahan ({})", "History of changes ({})";
    HistoryEmpty => "Belum ada perubahan tercatat.", "No changes recorded yet.";
    AgendaTitle => "Agenda tindak lanjut s.d. {} ({})", "Follow-up agenda until {} ({})";
    AgendaEmpty => "Tidak ada tindak lanjut yang jatuh tempo. Bagus!", "No follow-ups due. Well done!";
    AgendaOverdue => "terlambat {} hr", "{}d overdue";
    AgendaToday => "hari ini", "today";
    AgendaIn => "{} hr lagi", "in {}d";
    KeyMark => "Tandai", "Mark";
    KeyGraduate => "Graduasi", "Graduate";
    KeyRefer => "Rujuk", "Refer";
    KeyHistory => "Riwayat", "History";
    KeyScreens => "Layar", "Screens";
    KeyDone => "Selesai", "Done";
    HelpAddActivity => "Catat kegiatan (untuk keluarga terpilih atau yang ditandai)", "Record an activity (for the selected or marked households)";
    HelpMark => "Tandai keluarga untuk kegiatan kelompok (P2K2)", "Mark a household for a group activity (P2K2)";
    HelpGraduate => "Catat graduasi atau keluar", "Record a graduation or exit";
    HelpUndoGraduation => "Batalkan graduasi/keluar terakhir (tercatat)", "Undo the latest graduation or exit (recorded)";
    HelpRefer => "Rujuk ke program pemberdayaan", "Refer to an empowerment program";
    HelpHistory => "Riwayat perubahan keluarga ini", "This household's history of changes";
    HelpDashboard => "Layar 1: dasbor empat panel", "Screen 1: the four-pane dashboard";
    HelpAgenda => "Layar 2: agenda tindak lanjut", "Screen 2: follow-up agenda";
    KeyToday => "Hari ini", "Today";
    HelpToday => "Layar 4: hari ini, pekerjaan hari ini menurut urgensi dengan alasannya; Enter mengerjakan baris itu (kunjungan, sesi kelompok atau keluarganya)", "Screen 4: today, today's work by urgency with its reasons; Enter acts on the line (a visit, the group's session or the household)";
    TodayTitle => "Hari ini, {} ({})", "Today, {} ({})";
    TodayEmpty => "Tidak ada pekerjaan mendesak hari ini.", "Nothing urgent today.";
    ErrTodayAtStart => "PILAR_TODAY_AT_START: \"{}\" tidak berlaku (pilihan: ya, tidak)", "PILAR_TODAY_AT_START: \"{}\" is not valid (choices: yes, no)";
    PrintToBeforeFrom => "--to: {} sebelum --from {}", "--to: {} is before --from {}";
    PrintNoHousehold => "tidak ada keluarga {} di data dampingan Anda (tulis ID atau No KK-nya, atau --search)", "no household {} in your caseload (give its id or No KK, or --search)";
    PrintNoMatch => "tidak ada keluarga yang cocok dengan \"{}\"", "no household matches \"{}\"";
    PrintManyMatches => "\"{}\" cocok dengan lebih dari satu keluarga: {}; pilih dengan ID-nya", "\"{}\" matches more than one household: {}; choose one by its id";
    TodayLoading => "Memuat...", "Loading...";
    ColReason => "Alasan", "Reason";
    MsgTodayGroupNoForm => "Sesi kelompok dicatat oleh pendampingnya; di sini hanya dilihat", "A group's session is recorded by its facilitator; here you only look";
    // Names of records and fields in the history and the merge conflicts.
    LabelHousehold => "Keluarga", "Household";
    LabelMember => "Anggota", "Member";
    LabelActivity => "Kegiatan", "Activity";
    LabelGraduation => "Graduasi", "Graduation";
    LabelReferral => "Rujukan", "Referral";
    LabelMerge => "Penggabungan", "Merge";
    LabelName => "Nama", "Name";
    LabelPengurusNik => "NIK pengurus", "Recipient's NIK";
    LabelPrograms => "Bansos", "Social programs";
    LabelStatusDate => "Tanggal status", "Status date";
    LabelPas => "PAS", "PAS";
    LabelDeleted => "Dihapus", "Removed";
    LabelDone => "Selesai", "Done";
    LabelUndone => "Dibatalkan", "Undone";
    LabelEvidence => "Bukti", "Evidence";
    LabelRevealed => "NIK dan No KK dilihat", "NIK revealed";
    // Voiding a household entered by mistake.
    KeyVoid => "Batalkan keluarga", "Void household";
    HelpVoid => "Batalkan keluarga salah input atau duplikat (ditanya dulu; tetap di riwayat)", "Void a household entered by mistake or twice (asks first; kept in the history)";
    FormVoidTitle => "Batalkan keluarga: {}", "Void household: {}";
    ChoicePick => "(pilih)", "(choose)";
    VoidSalahInput => "Salah input", "Entered by mistake";
    VoidDuplikat => "Duplikat", "Duplicate";
    FormVoidReasonNeeded => "pilih alasannya: salah input atau duplikat", "choose why: entered by mistake, or a duplicate";
    FormVoidConfirm => "Batalkan keluarga {} ({})? Keluarga ini hilang dari daftar, pencarian, agenda, laporan dan semua hitungan, tidak dihitung keluar, dan tetap tercatat di riwayat. Tidak bisa diurungkan di pilar. {} sekali lagi untuk membatalkan, Esc untuk tidak jadi.", "Void the household of {} ({})? It goes from the lists, search, agenda, reports and every count, is not counted as an exit, and stays in the history. It cannot be undone in pilar. {} again to void it, Esc to keep it.";
    MsgVoidExited => "{}: {} masih berlaku. Batalkan dulu dengan {}, lalu batalkan keluarganya.", "{}: {} is still in force. Undo it first with {}, then void the household.";
    MsgVoided => "Keluarga {} dibatalkan ({}); tetap tercatat di riwayat.", "The household of {} was voided ({}); it stays in the history.";
    LabelVoid => "Dibatalkan (salah input/duplikat)", "Voided (mistake/duplicate)";
    ValueRevealedDetail => "NIK dan No KK", "NIK and No KK";
    ValueRevealedForm => "isian keluarga: semua NIK dan No KK", "household form: every NIK and the No KK";
    // The team screen and `pilar report` (issue 5).
    HelpTeam => "Layar 3: tim (untuk koordinator), capaian tiap pendamping; Enter membuka daftar KPM-nya", "Screen 3: team (supervisors): each facilitator's progress; Enter opens their caseload";
    MsgTeamSupervisors => "Layar tim untuk koordinator; capaian Anda ada di pengukur atas", "The team screen is for supervisors; your own progress is in the gauge at the top";
    MsgSupervisorReadOnly => "Koordinator hanya dapat melihat. Tekan a untuk menulis catatan supervisi.", "Supervisors only look. Press a to write a supervision note.";
    FormSupervisionTitle => "Catatan supervisi: {}", "Supervision note: {}";
    TeamTitle => "Tim: {} pendamping, tahun {}", "Team: {} {facilitator|facilitators}, {}";
    TeamTotal => "Seluruh tim", "Whole team";
    TeamEmpty => "Belum ada pendamping di basis data ini.", "There are no facilitators in this database yet.";
    TeamLegend => "Keg30 kegiatan 30 hari · TL tindak lanjut terlambat · >90h belum dikunjungi", "Act30 activities in 30 days · Late follow-ups · >90d not visited";
    ReportLegend => "Keg30: kegiatan 30 hari · Terlambat: tindak lanjut terlambat · >90h: tidak dikunjungi lebih dari 90 hari", "Act30: activities in 30 days · Late: overdue follow-ups · >90d: not visited for over 90 days";
    TeamChartMonths => "Graduasi per bulan, {}", "Graduations per month, {}";
    TeamChartWeeks => "Kegiatan per minggu", "Activities per week";
    TeamWeeksLegend => "maks {} · minggu ini {}", "max {} · this week {}";
    ColTeamName => "Pendamping", "Facilitator";
    ColTeamCaseload => "KPM", "Cases";
    ColTeamGraduated => "Graduasi", "Graduated";
    ColTeamPace => "Laju", "Pace";
    ColTeamCandidates => "Calon", "Cand";
    ColTeamActivities => "Keg30", "Act30";
    ColTeamP2k2 => "P2K2", "P2K2";
    ColTeamOverdue => "Terlambat", "Late";
    ColTeamOverdueShort => "TL", "Late";
    ColTeamNotVisited => ">90h", ">90d";
    ColTeamPayProblems => "Bayar!", "Pay!";
    ReportTitle => "Rekap pendampingan PKH tahun {}, per {}", "PKH facilitation roll-up for {}, as of {}";
    ReportTarget => "Target", "Target";
    ReportStateOn => "KPM, calon, tindak lanjut terlambat dan belum dikunjungi: keadaan per {}.", "Cases, candidates, late follow-ups and not visited: as they stand on {}.";
    ReportMonths => "Graduasi per bulan", "Graduations per month";
    ReportWeeks => "Kegiatan per minggu (dari yang terlama)", "Activities per week (oldest first)";
    ReportBadFormat => "format laporan tidak dikenal: {} (pilih text, csv atau md)", "unknown report format: {} (choose text, csv or md)";
    ErrNoDatabase => "Belum ada basis data di {} (pilar tanpa perintah, pilar init atau pilar import membuatnya).", "There is no database at {} yet (pilar without a command, pilar init or pilar import creates one).";
    ErrBusy => "basis data sedang dipakai sesi lain (misalnya impor besar); coba lagi sebentar lagi", "the database is busy in another session (a large import, say); try again in a moment";
    ErrBusyOpen => "{} sedang dipakai sesi lain (misalnya impor besar): coba lagi sebentar lagi. Tidak ada yang diubah.", "{} is busy in another session (a large import, say): try again in a moment. Nothing was changed.";
    ErrLockedOpen => "{} sedang dipakai sesi pilar lain (mengganti kata sandi atau demonya): coba lagi sebentar lagi. Tidak ada yang diubah.", "{} is held by another pilar session (changing its passphrase or replacing a demo): try again in a moment. Nothing was changed.";
    ErrNeedsRollback => "{} tertinggal setengah tertulis oleh penulisan yang terputus (misalnya impor yang dihentikan), dan sesi ini tidak boleh menulisnya. Buka sekali dengan izin tulis (pilar) agar dipulihkan; berkas tidak diubah.", "{} was left half-written by a write that was cut off (a stopped import, say), and this session may not write it. Open it once with write permission (pilar) to restore it; the file was not changed.";
    ErrNotAllowed => "tidak diizinkan: koordinator hanya menulis catatan supervisi, dan pendamping hanya mengubah KPM dampingannya sendiri", "not allowed: supervisors write only supervision notes, and facilitators change only their own caseload";
    HelpMarkDone => "Tandai tindak lanjut selesai (dicatat)", "Mark the follow-up done (recorded)";
    KeyChoice => "Pilihan", "Choice";
    KeyToggle => "Centang", "Tick";
    KeySave => "Simpan", "Save";
    KeyCancel => "Batal", "Cancel";
    HelpNextField => "Isian berikutnya", "Next field";
    HelpPrevField => "Isian sebelumnya", "Previous field";
    HelpChoicePrev => "Pilihan sebelumnya (atau ketik awal katanya)", "Previous choice (or type its first letters)";
    HelpChoiceNext => "Pilihan berikutnya", "Next choice";
    HelpToggle => "Centang / hapus centang", "Tick / untick";
    HelpSave => "Simpan (kegiatan, catatan, graduasi, rujukan)", "Save (activity, note, graduation, referral)";
    HelpNextOrSave => "Form keluarga: isian berikut; terakhir menyimpan", "Household form: next field; the last saves";
    HelpSaveNow => "Simpan dari isian mana pun, di semua formulir", "Save from any field, in every form";
    HelpCancel => "Batal (ditanya dulu bila sudah diisi)", "Cancel (asks first if anything was typed)";
    // Editing text in the search box, the command line and form fields.
    KeyCursor => "Kursor", "Cursor";
    KeyDelete => "Hapus", "Delete";
    HelpCursorLeft => "Teks: kursor ke kiri (di isian: pilihan sebelumnya)", "Text: cursor left (in a form: previous choice)";
    HelpCursorRight => "Teks: kursor ke kanan (di isian: pilihan berikutnya)", "Text: cursor right (in a form: next choice)";
    HelpLineStart => "Teks: ke awal baris", "Text: to the start of the line";
    HelpLineEnd => "Teks: ke akhir baris", "Text: to the end of the line";
    HelpDeleteBack => "Teks: hapus huruf sebelum kursor", "Text: delete the character before the cursor";
    HelpDeleteForward => "Teks: hapus huruf di kursor", "Text: delete the character at the cursor";
    HelpDeleteWord => "Teks: hapus kata sebelum kursor", "Text: delete the word before the cursor";
    HelpClearToStart => "Teks: hapus sampai awal baris", "Text: delete to the start of the line";
    FormConfirmDiscard => "Isian belum disimpan. Esc sekali lagi untuk membuang, tombol lain untuk kembali mengisi.", "Not saved. Esc again discards it, any other key goes back to the form.";
    FormRequired => "wajib diisi", "required";
    DateEmpty => "tanggal kosong", "no date";
    DateUnrecognised => "tidak dikenali; contoh: t, kemarin, -3, +7, 12/2, 12/2/2026, 2026-02-12", "not recognised; e.g. t, yesterday, -3, +7, 12/2, 12/2/2026, 2026-02-12";
    DateNoSuch => "tanggal {}/{}/{} tidak ada", "there is no date {}/{}/{}";
    DateTooFar => "terlalu jauh (lebih dari 10 tahun)", "too far (more than 10 years)";
    // Help overlay descriptions.
    HelpMoveDown => "Turun satu baris", "Move down one row";
    HelpMoveUp => "Naik satu baris", "Move up one row";
    HelpTop => "Ke baris pertama", "Go to the first row";
    HelpBottom => "Ke baris terakhir", "Go to the last row";
    HelpPageDown => "Turun satu halaman", "Page down";
    HelpPageUp => "Naik satu halaman", "Page up";
    HelpHalfPageDown => "Turun setengah halaman", "Half a page down";
    HelpHalfPageUp => "Naik setengah halaman", "Half a page up";
    HelpRedraw => "Gambar ulang seluruh layar (kalau layar kotor)", "Redraw the whole screen (when it is garbled)";
    HelpSuspend => "Tunda pilar dan kembali ke shell; ketik fg untuk lanjut", "Suspend pilar to the shell; type fg to come back";
    HelpHistoryPrev => "Baris perintah: perintah sebelumnya", "Command line: the previous command";
    HelpHistoryNext => "Baris perintah: perintah berikutnya", "Command line: the next command";
    HelpComplete => "Baris perintah: lengkapi nama perintah (Tab lagi: pilihan berikutnya)", "Command line: complete the command name (Tab again: the next match)";
    HelpNextPane => "Panel berikutnya", "Next pane";
    HelpPrevPane => "Panel sebelumnya", "Previous pane";
    HelpOpen => "Buka detail / catatan lengkap baris log / ke keluarga kegiatan ini", "Open detail / the whole record of a log line / go to this activity's household";
    HelpBack => "Kembali ke daftar, tutup jendela", "Back to the list, close a window";
    HelpRun => "Jalankan perintah", "Run the command";
    HelpLogScope => "Log: keluarga ini / seluruh dampingan", "Log: this household / whole caseload";
    HelpExited => "Tampilkan juga yang sudah graduasi/keluar", "Also show graduated and exited households";
    HelpCommand => "Baris perintah", "Command line";
    HelpHelp => "Bantuan ini", "This help";
    HelpQuit => "Keluar dari pilar", "Quit pilar";
    HelpForceQuit => "Keluar kapan saja", "Quit at any time";
    HelpSearch => "Cari dan saring (nama, NIK, desa, desa:…, status:…)", "Search and filter (name, NIK, village, village:…, status:…)";
    HelpSortNext => "Urutkan menurut kolom berikutnya", "Sort by the next column";
    HelpSortReverse => "Balik urutan", "Reverse the sort";
    HelpViews => "Daftar tampilan tersimpan", "List saved views";
    HelpPickNumber => "Pilih tampilan bernomor itu", "Pick the view with that number";
    HelpSaveView => "Simpan saringan dan urutan: :simpan-tampilan NAMA", "Save filter and sort: :save-view NAME";
    HelpView => "Buka tampilan tersimpan: :tampilan NAMA", "Open a saved view: :view NAME";
    HelpFilterTitle => "Saringan (di kotak cari, boleh digabung)", "Filters (in the search box, combinable)";
    HelpFilterExample => "desa:curugsewu status:aktif komponen:sd usaha:ya desil:<=2 kunjungan:>30 tindaklanjut:terlambat calon:ya masuk:<2020 pas:lansia pendamping:siti desilnaik:ya", "village:curugsewu status:active component:sd business:yes decile:<=2 visit:>30 followup:overdue candidate:yes joined:<2020 pas:lansia facilitator:siti decilerisen:yes";
    HelpTitle => "Bantuan: tombol dan perintah", "Help: keys and commands";
    HelpClose => "Esc tutup", "Esc closes";
    HelpLegendTitle => "Tanda di daftar", "Marks in the list";
    HelpLegendMarked => "+  ditandai untuk kegiatan kelompok (Spasi)", "+  marked for a group activity (Space)";
    HelpLegendOverdue => "!  tindak lanjut terlambat", "!  follow-up overdue";
    HelpLegendBusiness => "$  punya usaha", "$  runs a business";
    HelpLegendCandidate => "*  calon graduasi", "*  graduation candidate";
    HelpLegendDesil => "^  desil di atas 4 (DTSEN): keluar dari PKH", "^  decile above 4 (DTSEN): must leave PKH";
    HelpLegendDays => "Hari: hari sejak kunjungan terakhir (- belum pernah)", "Days: days since the last visit (- never)";
    // Messages.
    MsgNotInList => "Keluarga itu tidak ada di daftar ini (tekan x untuk semua status)", "That household is not in this list (press x for all statuses)";
    MsgReadyNotScored => "Kesiapan hanya dinilai bila paling banyak {} keluarga tampil, jadi siap: tidak cocok dengan siapa pun: buka satu pendamping dari layar tim (3)", "Readiness is scored only with at most {} households in view, so ready: matches nobody: open one facilitator from the team screen (3)";
    MsgShowingExited => "Menampilkan semua status, termasuk graduasi dan keluar", "Showing all statuses, including graduated and exited";
    MsgHidingExited => "Menampilkan KPM aktif saja", "Showing active households only";
    MsgUnknownCommand => "Perintah tidak dikenal: {}. Tekan ? untuk daftar perintah", "Unknown command: {}. Press ? for the list of commands";
    MsgGroupActivity => "Kegiatan kelompok: tidak terikat pada satu keluarga", "Group activity: not tied to one household";
    MsgReadFailed => "Gagal membaca data: {}", "Could not read data: {}";
    TooSmall => "Layar terlalu kecil: {}x{}. pilar perlu minimal {}x{}.", "Terminal too small: {}x{}. pilar needs at least {}x{}.";
    TooSmallHint => "Perbesar jendela, atau tekan q untuk keluar.", "Enlarge the window, or press q to quit.";
    // Gauge.
    GaugeTitle => "Graduasi {}", "Graduations {}";
    DemoBadge => "DEMO", "DEMO";
    PaceAhead => "lebih cepat {}", "ahead by {}";
    PaceOnTrack => "sesuai target", "on track";
    PaceBehind => "tertinggal {}", "behind by {}";
    PaceExpected => "target s.d. hari ini {}", "{} expected by today";
    GaugeCandidates => "calon {}", "candidates {}";
    GaugeAlamiah => "alamiah {}", "natural {}";
    GaugeOverdue => "TL terlambat {}", "overdue {}";
    GaugeOtherExits => "keluar (lainnya) {}", "other exits {}";
    // Caseload list.
    ListTitle => "KPM aktif ({})", "Active households ({})";
    ListTitleAll => "Semua KPM ({})", "All households ({})";
    ListTitleFilter => "Cari \"{}\" ({})", "Search \"{}\" ({})";
    ListNoMatch => "Tidak ada yang cocok. Esc menghapus pencarian.", "Nothing matches. Esc clears the search.";
    SortAsc => "naik", "ascending";
    SortDesc => "turun", "descending";
    MsgSortBy => "Urut: {}, {}", "Sorted by {}, {}";
    MsgViewSaved => "Tampilan \"{}\" disimpan", "View \"{}\" saved";
    MsgViewOpened => "Tampilan \"{}\"", "View \"{}\"";
    MsgViewNotFound => "Tidak ada tampilan bernama \"{}\"", "There is no view named \"{}\"";
    MsgViewNeedsName => "Beri nama: :simpan-tampilan NAMA", "Give a name: :save-view NAME";
    MsgViewNameNeeded => "Sebutkan namanya: :tampilan NAMA", "Name it: :view NAME";
    MsgWriteFailed => "Gagal menyimpan: {}", "Could not save: {}";
    ViewsTitle => "Tampilan tersimpan", "Saved views";
    ViewsEmpty => "Belum ada. Cari dulu dengan /, lalu :simpan-tampilan NAMA", "None yet. Search with /, then :save-view NAME";
    TermUnknownKey => "kunci tidak dikenal", "unknown key";
    TermEmpty => "nilainya kosong", "no value";
    TermExpectYesNo => "harus ya atau tidak", "must be yes or no";
    TermExpectNumber => "harus angka yang masuk akal", "must be a sensible number";
    TermExpectComparison => "harus angka atau perbandingan seperti <=2, >30", "must be a number or a comparison like <=2, >30";
    TermExpectStatus => "harus aktif, calon, graduasi, keluar atau semua", "must be active, candidate, graduated, exited or all";
    TermExpectComponent => "harus komponen: sd, smp, sma, aud, bumil, disabilitas, lansia", "must be a component: sd, smp, sma, aud, bumil, disabilitas, lansia";
    TermExpectFollowUp => "harus terlambat, hariini, akandatang, ada atau tidak", "must be overdue, today, upcoming, open or none";
    TermExpectPas => "bukan salah satu dari 12 PAS", "is not one of the 12 PAS";
    TermExpectYear => "harus tahun, seperti 2019 atau <2020", "must be a year, like 2019 or <2020";
    ListEmpty => "Belum ada keluarga di basis data ini. Jalankan `pilar demo` untuk data contoh.", "No households in this database yet. Run `pilar demo` for sample data.";
    ListEmptyActive => "Tidak ada KPM aktif. Tekan x untuk melihat semua status.", "No active households. Press x to see all statuses.";
    ColName => "Nama pengurus", "Recipient";
    ColVillage => "Desa", "Village";
    ColStatus => "Status", "Status";
    ColComponents => "K", "C";
    ColDays => "Hari", "Days";
    ColDesil => "Desil", "Decile";
    // Household detail.
    DetailTitle => "Detail keluarga", "Household";
    DetailNone => "Pilih keluarga di daftar.", "Select a household in the list.";
    DetailDesil => "Desil {}", "Decile {}";
    DetailJoined => "PKH sejak {}", "PKH since {}";
    DetailBenefit => "Bantuan/tahun", "Benefit/year";
    DetailPerMonth => "{}/bln", "{}/month";
    DetailNoBusiness => "Tidak punya usaha", "No business";
    DetailBusiness => "Usaha", "Business";
    DetailMembers => "Anggota ({})", "Members ({})";
    DetailAlamiahCandidate => "! Tidak ada komponen tersisa: calon graduasi alamiah", "! No component left: candidate for natural graduation";
    DetailDesilAboveLimit => "! Desil {} (DTSEN): di atas 4, keluar dari PKH", "! Decile {} (DTSEN): above 4, must leave PKH";
    DetailReferrals => "Rujukan", "Referrals";
    DetailExit => "Keluar:", "Exit:";
    DetailPhone => "No. HP", "Phone";
    DetailWorker => "Pendamping", "Facilitator";
    DetailLastVisit => "Kunjungan terakhir {} ({} hari lalu)", "Last visit {} ({} {day|days} ago)";
    DetailNeverVisited => "Belum pernah dikunjungi", "Never visited";
    FollowUpOverdue => "Tindak lanjut {}: terlambat {} hari", "Follow-up {}: {} {day|days} overdue";
    FollowUpToday => "Tindak lanjut: jatuh tempo hari ini", "Follow-up: due today";
    FollowUpUpcoming => "Tindak lanjut {} ({} hari lagi)", "Follow-up {} (in {} {day|days})";
    // Activity log.
    LogTitleHousehold => "Kegiatan keluarga ({})", "Household activities ({})";
    LogTitleCaseload => "Semua kegiatan ({})", "All activities ({})";
    LogEmpty => "Belum ada kegiatan tercatat.", "No activities recorded yet.";
    LogGroup => "kelompok {} KPM", "group of {}";
    // Command-line tool messages.
    ErrNewerSchema => "Basis data {} dibuat oleh pilar yang lebih baru (skema v{}, pilar ini v{}). Perbarui pilar; berkas tidak diubah.", "Database {} was written by a newer pilar (schema v{}, this pilar knows v{}). Update pilar; the file was not changed.";
    ErrNotPilar => "{} adalah basis data SQLite milik program lain, bukan pilar. Berkas tidak diubah.", "{} is another program's SQLite database, not pilar's. The file was not changed.";
    ErrNotADatabase => "{} bukan basis data SQLite (atau rusak). Berkas tidak diubah.", "{} is not an SQLite database (or it is damaged). The file was not changed.";
    ErrIo => "Tidak dapat membuka {}: {}", "Cannot open {}: {}";
    ErrSqlite => "Kesalahan basis data pada {}: {}", "Database error on {}: {}";
    ErrNoUser => "Tidak ada pengguna bernama {} di basis data ini.", "There is no user named {} in this database.";
    ErrTerminal => "Tidak dapat menyiapkan terminal: {}", "Cannot set up the terminal: {}";
    DemoRefuse => "{} sudah ada dan bukan basis data demo; tidak ditimpa. Pilih berkas lain dengan --db.", "{} exists and is not a demo database; it was not overwritten. Choose another file with --db.";
    DemoDone => "Demo: {} keluarga, {} pendamping, ditulis ke {} dalam {} detik.", "Demo: {} {household|households}, {} {facilitator|facilitators}, written to {} in {} s.";
    DemoBadArgs => "Jumlah keluarga dan pendamping harus lebih dari 0.", "The numbers of households and facilitators must be above 0.";
    DemoInUse => "{} sedang dibuka sesi pilar lain; demo tidak diganti. Tutup sesi itu dulu.", "{} is open in another pilar session; the demo was not replaced. Close that session first.";
    DemoHasEntries => "{} berisi {} entri riwayat yang dibuat orang; tidak ditimpa. Tambahkan --replace untuk tetap menggantinya.", "{} holds {} history {entry|entries} a person made; it was not overwritten. Add --replace to replace it anyway.";
    DemoAsk => "{} berisi {} entri riwayat yang dibuat orang. Ganti dengan demo baru? [y/T] ", "{} holds {} history {entry|entries} a person made. Replace it with a new demo? [y/N] ";
    DemoKept => "Demo lama dibiarkan: {}", "The old demo was kept: {}";
    DemoTooMany => "--households: demo paling banyak {} keluarga (diminta {}).", "--households: a demo holds at most {} households ({} asked).";
    DemoTooManyWorkers => "--workers: demo paling banyak {} pendamping (diminta {}).", "--workers: a demo holds at most {} facilitators ({} asked).";
    DemoNoSpace => "Demo {} keluarga butuh sekitar {} di disk, tetapi hanya tersisa {} di {}.", "A demo of {} households needs about {} of disk, but only {} is free in {}.";
    RoleFacilitator => "Pendamping", "Facilitator";
    RoleSupervisor => "Koordinator", "Supervisor";
    // Import and export (issue 5).
    ImportProblemAt => "Baris {}, kolom {}: {}: {}", "Line {}, column {}: {}: {}";
    ImportProblemRow => "Baris {}: {}", "Line {}: {}";
    ImportProblemSheetAt => "Lembar {}, baris {}, kolom {}: {}: {}", "Sheet {}, line {}, column {}: {}: {}";
    ImportProblemSheetRow => "Lembar {}, baris {}: {}", "Sheet {}, line {}: {}";
    ImportProblemFileAt => "{}, baris {}, kolom {}: {}: {}", "{}, line {}, column {}: {}: {}";
    ImportProblemFileRow => "{}, baris {}: {}", "{}, line {}: {}";
    ReasonNikSex => "peringatan: NIK menunjukkan {}; diterima seperti tertulis", "warning: the NIK says {}; accepted as written";
    ReasonNikBirth => "peringatan: NIK menunjukkan lahir {}; diterima seperti tertulis", "warning: the NIK says born {}; accepted as written";
    ImportNothingWritten => "{} di {}; tidak ada yang diimpor. Perbaiki berkasnya, atau pakai --skip-invalid untuk mengimpor baris yang benar saja.", "{} on {}; nothing was imported. Fix the file, or use --skip-invalid to import only the valid rows.";
    ImportSkipped => "{} dilewati (lihat di atas).", "{} skipped (listed above).";
    CountProblemOne => "{} masalah", "{} problem";
    CountProblemMany => "{} masalah", "{} problems";
    CountLineOne => "{} baris", "{} line";
    CountLineMany => "{} baris", "{} lines";
    CountInvalidLineOne => "{} baris tidak sah", "{} invalid line";
    CountInvalidLineMany => "{} baris tidak sah", "{} invalid lines";
    ImportSummary => "{}: ditambah {}, diubah {}, tidak berubah {}, tidak sah {}.", "{}: added {}, updated {}, unchanged {}, invalid {}.";
    ImportSummaryDry => "{} (uji coba): akan ditambah {}, akan diubah {}, tidak berubah {}, tidak sah {}.", "{} (dry run): would add {}, would update {}, unchanged {}, invalid {}.";
    ImportSummaryMembers => "Anggota: ditambah {}, diubah {}, dihapus {}, tidak sah {}.", "Members: added {}, updated {}, removed {}, invalid {}.";
    ImportSummaryMembersDry => "Anggota (uji coba): akan ditambah {}, akan diubah {}, akan dihapus {}, tidak sah {}.", "Members (dry run): would add {}, would update {}, would remove {}, invalid {}.";
    ImportWhereLine => "Baris {}", "Line {}";
    ImportWhereSheet => "Lembar {}, baris {}", "Sheet {}, line {}";
    ImportWhereFile => "{}, baris {}", "{}, line {}";
    ImportChangeHead => "{} · {} {}:", "{} · {} {}:";
    ImportChangeField => "  {}: {} -> {}", "  {}: {} -> {}";
    ImportChangeMemberField => "  {} {} · {}: {} -> {}", "  {} {} · {}: {} -> {}";
    ImportChangeMemberAdded => "  Anggota baru: {}", "  New member: {}";
    ImportChangeMemberRemoved => "  Anggota dihapus: {}", "  Member removed: {}";
    ImportTooLarge => "berkas lebih dari {} MB; pilar tidak mengimpor berkas sebesar itu (bagi menjadi beberapa berkas)", "the file is larger than {} MB; pilar does not import files that large (split it into several files)";
    ImportIsDir => "ini folder, bukan berkas", "it is a folder, not a file";
    ImportNotFile => "bukan berkas biasa (pipa, soket atau perangkat); simpan isinya ke berkas dulu", "not a regular file (a pipe, socket or device); save its contents to a file first";
    ImportMissing => "berkas itu tidak ada", "no such file";
    ImportNoAccess => "tidak ada izin untuk membacanya", "no permission to read it";
    ImportUtf16 => "teks UTF-16; simpan sebagai \"CSV UTF-8\"", "UTF-16 text; save it as \"CSV UTF-8\"";
    ImportSheetTooLarge => "lembar {} terpakai sampai baris {} dan kolom {}; pilar membaca paling banyak {} baris dan {} kolom. Hapus sel jauh di luar data (Ctrl-End menunjukkannya) lalu simpan lagi", "sheet {} is used down to row {} and column {}; pilar reads at most {} rows and {} columns. Delete the cells far outside the data (Ctrl-End shows them) and save again";
    ImportDryRun => "Uji coba (--dry-run): tidak ada yang ditulis.", "Dry run (--dry-run): nothing was written.";
    ImportNoChange => "Isi berkas ini sudah ada di basis data: tidak ada yang berubah.", "This file's contents are already in the database: nothing changed.";
    ImportSupervisor => "Koordinator tidak dapat mengimpor: data masuk ke KPM dampingan seorang pendamping. Jalankan sebagai pendamping itu (--user LOGIN).", "A supervisor cannot import: data goes into a facilitator's caseload. Run it as that facilitator (--user LOGIN).";
    ImportUnknownKind => "Isi {} tidak dikenali dari judul kolomnya ({}). Lihat templat di assets/ atau README.", "Cannot tell what {} holds from its column headers ({}). See the templates in assets/ or the README.";
    ImportMembersAlone => "{} berisi anggota keluarga: impor bersama berkas keluarganya (pilar import KELUARGA --members {}).", "{} holds family members: import it with its households file (pilar import HOUSEHOLDS --members {}).";
    ImportNotMembers => "--members {}: berkas ini bukan daftar anggota keluarga.", "--members {}: this file is not a list of family members.";
    ImportMembersOnlyHouseholds => "--members hanya dipakai bersama berkas keluarga.", "--members goes only with a households file.";
    ImportRead => "Tidak dapat membaca {}: {}", "Cannot read {}: {}";
    ImportEmpty => "berkas kosong (tidak ada baris judul)", "the file is empty (no header row)";
    ImportWorkbook => "bukan buku kerja .xlsx yang dapat dibaca ({})", "not a readable .xlsx workbook ({})";
    ImportIgnored => "Kolom tidak dikenal, diabaikan: {}", "Unknown columns, ignored: {}";
    ImportProgress => "Mengimpor", "Importing";
    KindHouseholds => "Keluarga", "Households";
    KindMembers => "Anggota", "Members";
    KindActivities => "Kegiatan", "Activities";
    KindGraduations => "Graduasi", "Graduations";
    KindReferrals => "Rujukan", "Referrals";
    KindPayments => "Pembayaran", "Payments";
    KindVerifications => "Verifikasi", "Verifications";
    KindGroups => "Kelompok P2K2", "P2K2 groups";
    ReasonRequired => "wajib diisi", "required";
    ReasonMissingColumn => "kolom wajib {} tidak ada", "the required column {} is missing";
    ReasonDate => "tanggal tidak dikenali; tulis 2026-02-12 atau 12/02/2026", "not a date; write 2026-02-12 or 12/02/2026";
    ReasonChoice => "bukan salah satu dari: {}", "not one of: {}";
    ReasonDupKk => "No KK yang sama sudah ada di baris {}", "the same No KK is already on line {}";
    ReasonDupNik => "NIK yang sama sudah ada di baris {}", "the same NIK is already on line {}";
    ReasonNoHousehold => "No KK ini tidak ada di berkas keluarga", "this No KK is in no row of the households file";
    ReasonBadId => "id bukan UUID", "the id is not a UUID";
    ReasonTakenBy => "sudah terdaftar pada keluarga {}", "already registered to the household of {}";
    ReasonTakenElsewhere => "sudah terdaftar di KPM dampingan pendamping lain", "already registered in another facilitator's caseload";
    ReasonOtherCaseload => "keluarga ini ada di KPM dampingan pendamping lain", "this household is in another facilitator's caseload";
    ReasonUnknownHousehold => "tidak ada keluarga dengan id/No KK ini di KPM dampingan Anda", "no household with this id/No KK in your caseload";
    ReasonCells => "baris berisi {} kolom, judul {}: periksa tanda kutip (\") yang tidak ditutup", "the row has {} {cell|cells}, the header {}: look for a quote (\") left open";
    ReasonEncoding => "bukan teks UTF-8: simpan sebagai \"CSV UTF-8\"", "not UTF-8 text: save as \"CSV UTF-8\"";
    ReasonCsv => "CSV rusak: {}", "broken CSV: {}";
    ExportNeedsOut => "--format xlsx perlu --out BERKAS (atau --out - yang dialihkan ke berkas).", "--format xlsx needs --out FILE (or --out - redirected to a file).";
    ExportDone => "{} baris {} ditulis ke {}.", "{} {row|rows} of {} written to {}.";
    ExportNotLogged => "Ekspor anggota berisi NIK lengkap dan dicatat di riwayat, tetapi riwayat tidak dapat ditulis ({}); tidak ada yang diekspor.", "An export of members holds full NIKs and is recorded in the history, but the history cannot be written ({}); nothing was exported.";
    ExportWrite => "Tidak dapat menulis {}: {}", "Cannot write {}: {}";
    BenchImport => "Impor {} keluarga dari CSV ({} MB): baca dan periksa {} s, tulis {} s, total {} s ({} keluarga/s).", "Import of {} households from CSV ({} MB): read and check {} s, write {} s, total {} s ({} households/s).";
    ReasonDupId => "id yang sama sudah ada di baris {}", "the same id is already on line {}";
    ReasonMemberRefused => "anggotanya di baris {} berkas anggota ditolak, jadi keluarga ini juga tidak diimpor (yang tersimpan tetap seperti semula)", "its member on line {} of the members file is refused, so this household is not imported either (what is stored stays as it was)";
    ReasonMissingEvidence => "graduasi ini perlu bukti: {}", "this graduation needs the evidence: {}";
    ReasonRecordOtherCaseload => "id ini milik catatan keluarga di KPM dampingan pendamping lain", "this id is a record of a household in another facilitator's caseload";
    ReasonMovesRecord => "id ini sudah tercatat pada keluarga lain: impor tidak memindahkan catatan ke keluarga lain", "this id is already recorded for another household: an import does not move a record to another household";
    ReasonChangesGraduation => "impor tidak mengubah jenis atau tanggal graduasi yang sudah tercatat: batalkan di pilar dengan U U, lalu catat lagi", "an import does not change a recorded graduation's kind or date: undo it in pilar with U U, then record it again";
    ReasonSupervisorRecord => "ini catatan koordinator: impor tidak mengubahnya", "this is a supervisor's note: an import does not change it";
    ReasonChangesUndone => "impor tidak membatalkan graduasi atau memulihkannya: batalkan di pilar dengan U U, yang juga memulihkan status dan menarik tindak lanjutnya", "an import does not undo a graduation or restore one: undo it in pilar with U U, which also restores the status and withdraws its follow-ups";
    // Import of payments and verifications (issue 11 "Also").
    ReasonMonth => "bukan bulan; tulis 2026-03", "not a month; write 2026-03";
    ReasonOnlyWith => "diisi hanya bila {} = {}; kosongkan sel ini", "filled only when {} = {}; leave this cell empty";
    ReasonUnknownMember => "tidak ada anggota dengan id/NIK/nama ini di keluarga itu dalam KPM dampingan Anda", "no member with this id/NIK/name in that household of your caseload";
    ReasonMemberNotInHousehold => "anggota ini bukan anggota keluarga di baris ini", "this member is not a member of this row's household";
    ReasonDupTahap => "keluarga, tahun dan tahap yang sama sudah ada di baris {}", "the same household, year and tahap are already on line {}";
    ReasonDupMonth => "anggota dan bulan yang sama sudah ada di baris {}", "the same member and month are already on line {}";
    ImportJson => "bukan JSON berupa daftar objek seperti ekspor pilar ({})", "not JSON as a list of objects like pilar's export ({})";
    ExportExists => "{} sudah ada; pilar tidak menimpanya. Pilih nama lain atau hapus berkas itu dulu.", "{} already exists; pilar does not overwrite it. Choose another name or delete that file first.";
    BenchFailed => "Uji kecepatan impor gagal: {}", "The import benchmark failed: {}";
    // Field rules as types and the pregnancy fields (issue 10 item 2, issue 14 section 5).
    FieldErrRtRw => "RT/RW ditulis dengan angka, paling banyak 3 digit (mis. 3, 003, 3/4, RT 3 RW 4)", "RT/RW is a number of at most 3 digits (e.g. 3, 003, 3/4, RT 3 RW 4)";
    FieldErrYearRange => "tahun antara 2007 dan {}", "a year between 2007 and {}";
    FieldErrNegative => "jumlah rupiah tidak boleh minus", "an amount of Rupiah cannot be negative";
    FieldErrCents => "rupiah ditulis tanpa sen (mis. 1.500.000)", "Rupiah are written without cents (e.g. 1.500.000)";
    FieldErrScientific => "angka diubah spreadsheet menjadi notasi ilmiah (mis. 1,5E+06); format kolom sebagai Teks lalu ketik ulang", "a spreadsheet turned the number into scientific notation (e.g. 1.5E+06); format the column as Text and type it again";
    FieldErrPregnancyOrder => "kehamilan ke-berapa: angka 1 sampai 20", "which pregnancy: a number from 1 to 20";
    FieldPregnancyOrder => "   Hamil ke-", "   Pregnancy no.";
    FieldPregnancyBirth => "   HPL/tgl lahir bayi", "   Due/birth date";
    LabelPregnancyOrder => "Kehamilan ke-", "Pregnancy no.";
    LabelPregnancyBirth => "HPL/tanggal persalinan", "Due or birth date";
    IneligibleThirdPregnancy => "ibu hamil hanya untuk kehamilan pertama dan kedua (ini kehamilan ke-{})", "ibu hamil covers only the first and second pregnancy (this is pregnancy no. {})";
    DetailNifasEnded => "ibu hamil berakhir {} (nifas 42 hari)", "ibu hamil ended {} (42 days after birth)";
    DetailPregnancy => "hamil ke-{}, HPL {}", "pregnancy no. {}, due {}";
    DetailNifas => "kehamilan ke-{}, lahir {}, nifas sampai {}", "pregnancy no. {}, born {}, nifas until {}";
    // Corrections with history and seeing what was recorded (issue 14 §3-4).
    HelpReferralBack => "Kembalikan status rujukan terakhir satu langkah (salah tekan R): :mundur-rujukan", "Take the latest referral one step back (a mistaken R): :referral-back";
    MsgReferralAtStart => "Rujukan masih diusulkan: tidak ada langkah sebelumnya", "The referral is still proposed: there is no step before";
    MsgReferralCannotReject => "Rujukan sudah {}: tidak bisa ditolak", "The referral is already {}: it cannot be rejected";
    MsgUndoneTo => "Graduasi dibatalkan (tercatat); status kembali {} sejak {}", "Graduation undone (recorded); the household is back to {} since {}";
    DetailP2k2 => "P2K2 {}/{}", "P2K2 {}/{}";
    // Graduation readiness and the forecast (issue 11 items 5, 6).
    DetailReadiness => "Kesiapan graduasi {}/100 (usulan, bukan keputusan)", "Graduation readiness {}/100 (a proposal, not a decision)";
    ColReady => "Siap", "Ready";
    ReportForecast => "Perkiraan", "Forecast";
    ReportReadiest => "Paling siap", "Readiest";
    GaugeForecast => "perkiraan {} dari {}", "forecast {} of {}";
    GaugeReadiest => "paling siap: {}", "readiest: {}";
    ReadinessBadWeights => "PILAR_READINESS_WEIGHTS tidak bisa dibaca ({}): tulis seperti income=30,desil=15; kriteria: {}; bobot 0-100.", "PILAR_READINESS_WEIGHTS cannot be read ({}): write it like income=30,desil=15; criteria: {}; weights 0-100.";
    // Commitment verification per member per month (issue 11 item 1).
    KeyVerify => "Verifikasi", "Verify";
    KeyMet => "Memenuhi", "Met";
    KeyNotMet => "Tidak", "Not met";
    KeyNotApplicable => "T.berlaku", "N/a";
    KeyMonth => "Bulan", "Month";
    KeyMarkAll => "Semua", "All";
    HelpVerify => "Layar 5: verifikasi komitmen bulan ini per anggota (saring seperti daftar: desa:, kelompok:, komponen:)", "Screen 5: this month's commitment verification per member (filter as the list: village:, group:, component:)";
    HelpMet => "Anggota yang dipilih (atau yang ditandai) memenuhi komitmen bulan ini", "The selected (or marked) members met their commitments this month";
    HelpNotMet => "Tidak memenuhi komitmen: tanya alasannya, lalu simpan untuk yang dipilih atau ditandai", "Not met: asks the reason, then saves for the selected or marked members";
    HelpNotApplicable => "Tidak berlaku bulan ini (libur sekolah, posyandu tidak buka)", "Not applicable this month (school holidays, no posyandu held)";
    HelpPrevMonth => "Verifikasi bulan sebelumnya", "Verify the month before";
    HelpNextMonth => "Verifikasi bulan berikutnya (paling jauh bulan ini)", "Verify the month after (up to this month)";
    HelpMarkMember => "Tandai anggota; hasil berikutnya berlaku untuk semua yang ditandai", "Mark a member; the next outcome applies to all marked";
    HelpMarkAll => "Tandai semua baris saringan ini (sekali lagi: hapus tanda)", "Mark every line of this filter (again: clear the marks)";
    MsgVerifyNoFuture => "Bulan depan belum bisa diverifikasi", "The next month cannot be verified yet";
    MsgVerifyMonth => "Verifikasi {}", "Verification of {}";
    MsgVerifyMarked => "{} anggota ditandai", "{} members marked";
    MsgVerifyUnmarked => "Tanda dihapus", "Marks cleared";
    MsgVerifySaved => "Verifikasi {}: {} anggota {}", "Verification of {}: {} members {}";
    VerifyNoComponent => "{} tidak punya komponen: tidak ada komitmen untuk diverifikasi", "{} has no component: there is no commitment to verify";
    VerifyBeforeBirth => "{} belum lahir pada bulan itu", "{} was not born yet in that month";
    VerifyFuture => "Bulan itu belum tiba: verifikasi {} nanti", "That month has not begun: verify {} later";
    VerifyTitle => "Verifikasi komitmen {} ({} anggota)", "Commitment verification, {} ({} members)";
    VerifyTitleMarked => "{} ditandai", "{} marked";
    VerifyEmpty => "Tidak ada anggota dengan komponen di daftar ini", "No member with a component in this list";
    VerifyNotYet => "belum", "not yet";
    ColMember => "Anggota", "Member";
    ColOutcome => "Hasil", "Outcome";
    OutcomeMet => "memenuhi", "met";
    OutcomeNotMet => "tidak memenuhi", "not met";
    OutcomeNotApplicable => "tidak berlaku", "not applicable";
    ReasonAbsent => "kehadiran sekolah < 85%", "school attendance < 85%";
    ReasonNoCheck => "tidak periksa ke faskes/posyandu", "no check at the clinic or posyandu";
    ReasonIll => "sakit", "ill";
    ReasonAway => "bepergian", "away from home";
    ReasonOther => "lainnya", "other";
    FormNotMetTitle => "Tidak memenuhi komitmen {}: {}", "Commitments not met, {}: {}";
    FormNotMetTitleMany => "Tidak memenuhi komitmen {}: {} anggota", "Commitments not met, {}: {} members";
    AgendaFailingTitle => "Tidak memenuhi komitmen {} bulan berturut-turut ({})", "Commitments not met {} months in a row ({})";
    AgendaFailingMonths => "{} bln s.d. {}", "{} mo. to {}";
    DetailCommitments => "Komitmen:", "Commitments:";
    DetailFailing => "tidak memenuhi {} bln berturut-turut", "not met {} months in a row";
    LabelVerification => "Verifikasi", "Verification";
    LabelMonth => "Bulan", "Month";
    LabelOutcome => "Hasil", "Outcome";
    FailingBadMonths => "PILAR_FAILING_MONTHS harus jumlah bulan 1-24, misalnya 3 (bukan {}).", "PILAR_FAILING_MONTHS must be a number of months 1-24, e.g. 3 (not {}).";
    ReadinessBadUmk => "PILAR_UMK harus berupa angka Rupiah per bulan, misalnya 2783455 (bukan {}).", "PILAR_UMK must be a monthly amount in Rupiah, e.g. 2783455 (not {}).";
    LogEntryGraduation => "Graduasi", "Graduate";
    LogEntryExit => "Keluar", "Exit";
    LogEntryReferral => "Rujukan", "Referral";
    LogAbsent => "tidak hadir", "absent";
    ValuePresent => "hadir", "present";
    LabelAttendance => "Kehadiran", "Attendance";
    LabelP2k2Group => "Kelompok P2K2", "P2K2 group";
    KeyGroup => "Kelompok", "Group";
    HelpJoinGroup => "Masukkan keluarga yang ditandai (atau yang dipilih) ke kelompok P2K2 (dibuat bila baru; keluar dari kelompok lain): :kelompok NAMA @ TEMPAT", "Put the marked (or selected) households in a P2K2 group (created when new; they leave any other group): :group NAME @ PLACE";
    HelpLeaveGroup => "Keluarkan keluarga yang ditandai (atau yang dipilih) dari kelompok P2K2-nya: :keluar-kelompok", "Take the marked (or selected) households out of their P2K2 group: :leave-group";
    MsgGroupNeedsName => "Beri nama kelompok: :kelompok NAMA @ TEMPAT (misalnya :kelompok Mawar 1 @ Balai Desa)", "Give the group's name: :group NAME @ PLACE (e.g. :group Mawar 1 @ Village hall)";
    MsgGroupNameTooLong => "Nama kelompok paling panjang {} huruf", "A group's name has at most {} characters";
    MsgGroupNotYours => "Kelompok itu bukan milik Anda", "That group is not yours";
    MsgGroupNoHouseholds => "Pilih atau tandai (Spasi) keluarga dulu", "Select or mark (Space) households first";
    MsgGroupJoined => "Kelompok {}: {} keluarga ({} baru masuk)", "Group {}: {} {household|households} ({} joined)";
    MsgGroupLeft => "{} keluarga keluar dari kelompoknya", "{} {household|households} left their group";
    DetailP2k2Group => "Kelompok {}: P2K2 {}/{} ({}%)", "Group {}: P2K2 {}/{} ({}%)";
    DetailP2k2GroupNew => "Kelompok {}: belum ada sesi", "Group {}: no session yet";
    HelpVoidActivity => "Batalkan kegiatan yang dipilih di log (salah catat), dengan alasan: :batalkan-kegiatan ALASAN", "Void the activity selected in the log (recorded by mistake), with the reason: :void-activity REASON";
    MsgVoidActivityNeedsReason => "Tulis alasannya: :batalkan-kegiatan ALASAN (misalnya :batalkan-kegiatan salah keluarga)", "Give the reason: :void-activity REASON (e.g. :void-activity wrong household)";
    MsgActivityVoided => "Kegiatan dibatalkan (tercatat di riwayat dengan alasannya)", "Activity voided (recorded in the history with the reason)";
    HelpReopenFollowUp => "Buka lagi tindak lanjut yang dipilih di log (salah tandai selesai): :buka-lagi", "Reopen the follow-up selected in the log (marked done by mistake): :reopen";
    MsgFollowUpReopened => "Tindak lanjut dibuka lagi (tercatat); kembali ke agenda", "Follow-up reopened (recorded); it is back on the agenda";
    MsgFollowUpNotDone => "Baris ini bukan tindak lanjut yang sudah selesai", "This line is not a follow-up marked done";
    RecordBy => "Dicatat oleh", "Recorded by";
    RecordFollowUp => "Tindak lanjut", "Follow-up";
    RecordDone => "selesai", "done";
    RecordOpen => "belum selesai", "open";
    RecordGroup => "Tempat", "Where";
    RecordAttendance => "Kehadiran: {} dari {} keluarga hadir", "Attendance: {} of {} households present";
    HelpEditReferral => "Perbaiki rujukan terakhir: :ubah-rujukan program|lembaga|catatan|tanggal NILAI", "Correct the latest referral: :edit-referral program|agency|notes|date VALUE";
    MsgEditReferralHow => "Tulis yang diperbaiki: :ubah-rujukan lembaga BRI Unit Boja (atau program, catatan, tanggal)", "Say what to correct: :edit-referral agency BRI Unit Boja (or program, notes, date)";
    MsgEditReferralProgram => "Program {} tidak dikenal (PENA, PPSE, KUBE, KUR, Mekaar, UMi, lainnya)", "Unknown program {} (PENA, PPSE, KUBE, KUR, Mekaar, UMi, other)";
    MsgReferralEdited => "Rujukan diperbaiki (tercatat di riwayat)", "Referral corrected (recorded in the history)";
    HelpEditActivity => "Perbaiki kegiatan yang dipilih di log: :ubah-kegiatan ringkasan|tanggal|tindak-lanjut|jenis NILAI, atau hadir / tidak-hadir", "Correct the activity selected in the log: :edit-activity summary|date|follow-up|kind VALUE, or present / absent";
    MsgEditActivityHow => "Tulis yang diperbaiki: :ubah-kegiatan ringkasan Kunjungan rumah (atau tanggal, tindak-lanjut, jenis, hadir, tidak-hadir)", "Say what to correct: :edit-activity summary Home visit (or date, follow-up, kind, present, absent)";
    MsgEditActivityKind => "Jenis kegiatan {} tidak dikenal", "Unknown activity kind {}";
    MsgEditAttendanceWhere => "Kehadiran diubah pada sesi kelompok di log keluarga itu sendiri", "Attendance is corrected on a group session in that household's own log";
    MsgActivityEdited => "Kegiatan diperbaiki (tercatat di riwayat)", "Activity corrected (recorded in the history)";
    CloseFollowUpTitle => "Tindak lanjut terbuka", "Open follow-up";
    MsgCloseFollowUp => "Keluarga ini masih punya tindak lanjut: \"{}\" ({}). Enter: tandai selesai · Esc: biarkan terbuka", "This household still has a follow-up: \"{}\" ({}). Enter: mark it done · Esc: keep it open";
    MsgPickActivity => "Pilih dulu kegiatannya di log (Tab ke panel Kegiatan)", "Select the activity in the log first (Tab to the activity pane)";
    MsgNotAnActivity => "Baris ini bukan kegiatan: graduasi dibatalkan dengan U U, rujukan dengan :mundur-rujukan", "This line is not an activity: undo a graduation with U U, a referral with :referral-back";
    ValueAttendance => "{} hadir, {} tidak hadir", "{} present, {} absent";
    MsgUndoneToUndated => "Graduasi dibatalkan (tercatat); status kembali {}", "Graduation undone (recorded); the household is back to {}";
    // Payments per tahap (issue 11, item 3).
    KeyPay => "Bayar", "Pay";
    HelpPay => "Catat tahap ini diterima untuk keluarga terpilih, atau semua yang ditandai; :bayar kartu / dormant / nama / diambil / lain ALASAN / belum, tahap 3 2025 untuk yang lain", "Record this tahap received for the selected household, or all marked ones; :pay card / dormant / name / collected / other REASON / not-due, tahap 3 2025 for others";
    HelpPayShown => "Catat tahap ini diterima untuk semua keluarga yang tampil di daftar tersaring (B dua kali)", "Record this tahap received for every household the filtered list shows (B twice)";
    TermExpectPayProblem => "harus masalah atau lancar (ya/tidak)", "must be problem or ok (yes/no)";
    LabelPayment => "Pembayaran", "Payment";
    FieldYear => "Tahun", "Year";
    FieldTahap => "Tahap", "Tahap";
    FieldPayProblem => "Masalah", "Problem";
    GaugePayProblems => "masalah bayar {}", "payment problems {}";
    // A supervisor's review since sign-off (issue 11 item 8).
    KeyReview => "Tinjau", "Review";
    HelpReview => "Tinjau perubahan pendamping terpilih sejak paraf terakhir", "Review the selected facilitator's changes since their last sign-off";
    KeySignOff => "Paraf", "Sign off";
    HelpSignOff => "Paraf catatan pendamping sampai sekarang (P dua kali; :paraf CATATAN)", "Sign off the facilitator's records up to now (P twice; :sign-off NOTE)";
    MsgReviewPickFacilitator => "Pilih seorang pendamping dulu (baris tim tidak bisa ditinjau)", "Pick a facilitator first (the team row cannot be reviewed)";
    MsgSignOffSupervisors => "Hanya koordinator yang bisa memaraf catatan pendamping", "Only a supervisor can sign off a facilitator's records";
    MsgSignOffConfirm => "Paraf semua catatan {} sampai sekarang ({} perubahan)? Tekan P lagi", "Sign off all of {}'s records up to now ({} changes)? Press P again";
    MsgSignedOff => "Catatan {} diparaf sampai sekarang", "{}'s records signed off up to now";
    LabelSignOff => "Paraf", "Sign-off";
    ColTeamReview => "Baru", "New";
    ColTeamSignedOff => "Paraf", "Signed";
    TeamSignOffLine => "{}: paraf terakhir {} · {} perubahan baru", "{}: last sign-off {} · {} new changes";
    ReviewNever => "belum pernah", "never";
    ReviewNeverShort => "belum", "never";
    ReviewTitle => "Tinjauan {} sejak paraf: {}", "Review of {} since sign-off: {}";
    ReviewEmpty => "Tidak ada perubahan sejak paraf terakhir.", "No changes since the last sign-off.";
    ReviewCounts => "KPM: {} baru, {} diubah · keg {} · grad {} · rujuk {} · bayar {} · verif {}", "households: {} new, {} changed · act {} · grad {} · ref {} · pay {} · verif {}";
    ReviewGroup => "(kegiatan kelompok)", "(group activity)";
    // Life events (issue 11 item 2): `i18n/life_event.rs` has the kinds, refusals and
    // proposals.
    LabelLifeEvent => "Peristiwa keluarga", "Life event";
    LabelExpectedBirth => "HPL (perkiraan lahir)", "Expected birth date";
    LabelSchoolLevel => "Jenjang sekolah", "School level";
    LabelChild => "Anak yang lahir", "Child born";
    LabelLeftOn => "Keluar dari keluarga", "Left the household";
    LabelLeftReason => "Alasan keluar", "Reason for leaving";
    MergeTableLifeEvents => "peristiwa keluarga", "life events";
    KeyEvent => "Peristiwa", "Event";
    HelpEvent => "Catat peristiwa keluarga: kehamilan, kelahiran, kematian, masuk sekolah, naik jenjang, keluar sekolah, pindah, ganti pengurus", "Record a life event: pregnancy, birth, death, school entry, moving up, leaving school, moving away, change of pengurus";
    KeyDismiss => "Abaikan", "Dismiss";
    HelpDismiss => "Abaikan usulan peristiwa di baris ini (tidak muncul lagi)", "Dismiss the proposed event on this line (it does not come back)";
    FormEventTitle => "Peristiwa keluarga: {}", "Life event: {}";
    FieldEventKind => "Peristiwa", "Event";
    FieldEventMember => "Anggota", "Member";
    FieldPregnancyNumber => "Kehamilan ke-", "Pregnancy number";
    FieldClaimIbuHamil => "Komponen ibu hamil", "Ibu hamil component";
    FieldSchoolLevel => "Jenjang (masuk sekolah)", "Level (school entry)";
    FieldChildName => "Nama anak (kelahiran)", "Child's name (birth)";
    FieldChildNik => "NIK anak (kelahiran)", "Child's NIK (birth)";
    FieldChildSex => "Jenis kelamin anak", "Child's sex";
    MsgSavedEvent => "Peristiwa dicatat: {}.", "Event recorded: {}.";
    MsgEventNoMembers => "Keluarga ini belum punya anggota: tambahkan dulu lewat ubah keluarga.", "This household has no members yet: add them first by editing the household.";
    MsgEventNotLoaded => "Detail keluarga belum dimuat: coba lagi.", "The household's detail is not loaded yet: try again.";
    MsgProposalDismissed => "Usulan diabaikan: {}.", "Proposal dismissed: {}.";
    MsgNotAProposal => "Baris ini bukan usulan peristiwa.", "This line is not a proposed event.";
    LogEventSummary => "Pemutakhiran data: {}", "Data update: {}";
    // Importing life events and P2K2 groups (issue 11 "Also").
    KindLifeEvents => "Peristiwa keluarga", "Life events";
    ReasonChildExists => "anak ini sudah menjadi anggota keluarga (NIK yang sama): kelahiran tidak dicatat dua kali", "this child is already a member of the household (the same NIK): a birth is not recorded twice";
    ReasonEventShown => "data anggota sudah menunjukkan peristiwa ini: dicatat tanpa mengubah anggota", "the members' data already shows this event: recorded without changing the members";
    KindSignOffs => "Paraf", "Sign-offs";
    ReasonTimestamp => "waktu tidak dikenali; tulis 2026-02-12T08:00:00.000Z", "not a time; write 2026-02-12T08:00:00.000Z";
    ReasonNumber => "bukan bilangan bulat 0 atau lebih", "not a whole number of 0 or more";
    ReasonNotSupervisor => "id ini bukan supervisor di antara petugas berkas ini", "this id is not a supervisor among this file's workers";
    ReasonNotFacilitator => "id ini bukan pendamping di antara petugas berkas ini", "this id is not a facilitator among this file's workers";
    ReasonSignOffOtherCaseload => "paraf ini untuk KPM dampingan pendamping lain", "this sign-off is of another facilitator's caseload";
    ReasonGroupNameTaken => "Anda sudah punya kelompok lain dengan nama ini", "you already have another group of this name";
    ReasonGroupNameTooLong => "nama kelompok paling panjang {} huruf", "a group's name has at most {} characters";
    ReasonFamilyTwice => "keluarga ini sudah tercantum di baris {}: satu keluarga hanya di satu kelompok", "this household is already listed on line {}: a household is in one group only";
    ReasonGroupMoves => "keluarga ini pindah dari kelompok {} ke kelompok {}", "this household moves from group {} to group {}";
}

/// Column names for sort messages.
/// What a history entry or a merge conflict is about, for people: `households` is
/// "Keluarga". An unknown table is shown as stored.
pub fn record_label(lang: Lang, table: &str) -> String {
    let t = match crate::records::record(table).and_then(|r| r.label) {
        Some(t) => t,
        None if table == "merge" => T::LabelMerge,
        None => return table.to_string(),
    };
    tr(lang, t).to_string()
}

/// A stored field's name as the forms label it (`rt` is "RT", `year_joined` "Tahun masuk
/// PKH"): the label its declaration gives (`records::tables`). An unknown field is shown
/// as stored.
pub fn field_label(lang: Lang, field: &str) -> String {
    let Some(t) = crate::records::field_label_key(field) else {
        return field.to_string();
    };
    // Form labels may be indented under a member's name.
    tr(lang, t).trim().to_string()
}

/// A stored value as people read it: `sd` is "Anak SD", a status key its word. Keys of
/// other fields (and values that are not keys) are shown as stored.
pub fn value_label(lang: Lang, table: &str, field: &str, value: &str) -> String {
    let label = match (table, field) {
        (_, "component") => Component::from_key(value).map(|c| component_label(lang, c)),
        (_, "relation") => Relation::from_key(value).map(|r| relation_label(lang, r)),
        ("activities", "kind") => ActivityKind::from_key(value).map(|k| kind_label(lang, k)),
        ("graduations", "kind") => ExitKind::from_key(value).map(|k| exit_label(lang, k)),
        ("referrals", "status") => {
            ReferralStatus::from_key(value).map(|s| referral_status_label(lang, s))
        }
        ("referrals", "program") => Program::from_key(value).map(|p| referral_program(lang, p)),
        ("payments", "status") => crate::domain::payment::PaymentStatus::from_key(value)
            .map(|s| payment::status_label(lang, s)),
        ("payments", "problem") => crate::domain::payment::PaymentProblem::from_key(value)
            .map(|p| payment::problem_label(lang, p)),
        ("verifications", "outcome") => crate::domain::verification::Outcome::from_key(value)
            .map(|o| verification::outcome_label(lang, o)),
        ("verifications", "reason") => crate::domain::verification::NotMetReason::from_key(value)
            .map(|r| verification::reason_label(lang, r)),
        ("life_events", "kind") => crate::domain::life_event::LifeEventKind::from_key(value)
            .map(|k| life_event::kind_label(lang, k)),
        ("life_events", "status") => crate::domain::life_event::EventStatus::from_key(value)
            .map(|k| life_event::status_label(lang, k)),
        ("life_events", "school_level") => {
            Component::from_key(value).map(|c| component_label(lang, c))
        }
        (_, "left_reason") => crate::domain::life_event::LeftReason::from_key(value)
            .map(|r| life_event::left_label(lang, r)),
        (_, "status") => HouseholdStatus::from_key(value).map(|s| status_label(lang, s)),
        (_, "void") => {
            crate::domain::void::VoidReason::from_key(value).map(|r| void_reason_label(lang, r))
        }
        (_, "sex") => crate::domain::Sex::from_key(value).map(|s| {
            tr(
                lang,
                match s {
                    crate::domain::Sex::Male => T::SexMale,
                    crate::domain::Sex::Female => T::SexFemale,
                },
            )
        }),
        (_, "p2k2_module") => {
            crate::domain::activity::P2k2Module::from_key(value).map(|m| module_label(lang, m))
        }
        // Lists of keys, each shown by its name.
        (_, "programs") => {
            return list_label(value, |k| SocialProgram::from_key(k).map(|p| p.label()));
        }
        (_, "pas_tags") => {
            return list_label(value, |k| PasTag::from_key(k).map(|t| pas_label(lang, t)));
        }
        // One household's attendance changed: present or absent.
        ("activity_households", "attended") => match value.rsplit_once(':').map(|(_, a)| a) {
            Some("1") => Some(tr(lang, T::ValuePresent)),
            Some("0") => Some(tr(lang, T::LogAbsent)),
            _ => None,
        },
        // A group activity's households: how many were present and absent.
        ("activities", "households") => {
            let marks: Vec<&str> = value
                .split(',')
                .filter_map(|h| h.rsplit_once(':').map(|(_, a)| a))
                .collect();
            let present = marks.iter().filter(|a| **a == "1").count();
            return fill(
                tr(lang, T::ValueAttendance),
                &[&present, &(marks.len() - present)],
            );
        }
        (_, "nik_revealed") => match value {
            "nik,no_kk" => Some(tr(lang, T::ValueRevealedDetail)),
            "form" => Some(tr(lang, T::ValueRevealedForm)),
            _ => None,
        },
        // Otherwise by the declared column's type: flags as yes/no, dates as people
        // write them.
        _ => match crate::records::record(table).and_then(|r| r.column(field)) {
            Some(c) if c.ty == crate::records::Ty::Flag => match value {
                "1" => Some(tr(lang, T::ValueYes)),
                "0" => Some(tr(lang, T::ValueNo)),
                _ => None,
            },
            Some(c) if c.ty == crate::records::Ty::Date => {
                return value.parse::<chrono::NaiveDate>().map_or_else(
                    |_| value.to_string(),
                    |d| crate::domain::format::date_short(lang, d),
                );
            }
            _ => None,
        },
    };
    label.map_or_else(|| value.to_string(), str::to_string)
}

/// A comma-separated list of keys, each by its name (an unknown key as it is).
fn list_label(value: &str, name: impl Fn(&str) -> Option<&'static str>) -> String {
    value
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| name(k).map_or_else(|| k.to_string(), str::to_string))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a household was voided, as people say it.
pub fn void_reason_label(lang: Lang, r: crate::domain::void::VoidReason) -> &'static str {
    use crate::domain::void::VoidReason;
    tr(
        lang,
        match r {
            VoidReason::SalahInput => T::VoidSalahInput,
            VoidReason::Duplikat => T::VoidDuplikat,
        },
    )
}

/// The long name of a team-table column (sort messages, report headers).
pub fn team_column_label(lang: Lang, c: crate::model::team::TeamColumn) -> &'static str {
    use crate::model::team::TeamColumn as C;
    match (lang, c) {
        (Lang::Id, C::Name) => "nama pendamping",
        (Lang::Id, C::Caseload) => "jumlah KPM aktif",
        (Lang::Id, C::Graduated) => "graduasi tahun ini",
        (Lang::Id, C::Pace) => "laju terhadap target",
        (Lang::Id, C::Candidates) => "calon graduasi",
        (Lang::Id, C::Activities) => "kegiatan 30 hari terakhir",
        (Lang::Id, C::P2k2) => "sesi P2K2 bulan ini",
        (Lang::Id, C::Overdue) => "tindak lanjut terlambat",
        (Lang::Id, C::NotVisited) => "belum dikunjungi 90 hari",
        (Lang::Id, C::PayProblems) => "masalah pembayaran tahap",
        (Lang::En, C::Name) => "facilitator name",
        (Lang::En, C::Caseload) => "active households",
        (Lang::En, C::Graduated) => "graduations this year",
        (Lang::En, C::Pace) => "pace against the target",
        (Lang::En, C::Candidates) => "graduation candidates",
        (Lang::En, C::Activities) => "activities in the last 30 days",
        (Lang::En, C::P2k2) => "P2K2 sessions this month",
        (Lang::En, C::Overdue) => "overdue follow-ups",
        (Lang::En, C::NotVisited) => "not visited for 90 days",
        (Lang::En, C::PayProblems) => "tahap payment problems",
    }
}

pub fn sort_column_label(lang: Lang, c: crate::model::SortColumn) -> &'static str {
    use crate::model::SortColumn;
    match c {
        SortColumn::Name => tr(lang, T::ColName),
        SortColumn::Village => tr(lang, T::ColVillage),
        SortColumn::Status => tr(lang, T::ColStatus),
        SortColumn::Components => match lang {
            Lang::Id => "komponen",
            Lang::En => "components",
        },
        SortColumn::Days => match lang {
            Lang::Id => "hari sejak kunjungan",
            Lang::En => "days since visit",
        },
        SortColumn::Desil => tr(lang, T::ColDesil),
        SortColumn::Readiness => match lang {
            Lang::Id => "kesiapan graduasi",
            Lang::En => "graduation readiness",
        },
    }
}

/// Why a filter term was not applied: the term as typed, then the reason.
pub fn term_error(lang: Lang, e: &crate::filter::TermError) -> String {
    use crate::filter::{Expected, TermErrorKind};
    let why = match &e.kind {
        TermErrorKind::UnknownKey => tr(lang, T::TermUnknownKey),
        TermErrorKind::Empty => tr(lang, T::TermEmpty),
        TermErrorKind::BadValue { expected } => tr(
            lang,
            match expected {
                Expected::YesNo => T::TermExpectYesNo,
                Expected::Number => T::TermExpectNumber,
                Expected::Comparison => T::TermExpectComparison,
                Expected::Status => T::TermExpectStatus,
                Expected::Component => T::TermExpectComponent,
                Expected::FollowUp => T::TermExpectFollowUp,
                Expected::Pas => T::TermExpectPas,
                Expected::Year => T::TermExpectYear,
                Expected::PayProblem => T::TermExpectPayProblem,
            },
        ),
    };
    format!("{}: {why}", e.term)
}

/// P2K2 module titles (the ministry's own names).
pub fn module_label(lang: Lang, m: crate::domain::activity::P2k2Module) -> &'static str {
    use crate::domain::activity::P2k2Module as M;
    match (lang, m) {
        (Lang::Id, M::PengasuhanPendidikan) => "Pengasuhan dan Pendidikan Anak",
        (Lang::Id, M::KeuanganUsaha) => "Pengelolaan Keuangan dan Perencanaan Usaha",
        (Lang::Id, M::KesehatanGizi) => "Kesehatan dan Gizi",
        (Lang::Id, M::PerlindunganAnak) => "Perlindungan Anak",
        (Lang::Id, M::KesejahteraanSosial) => "Kesejahteraan Sosial",
        (Lang::Id, M::PencegahanStunting) => "Pencegahan dan Penanganan Stunting",
        (Lang::En, M::PengasuhanPendidikan) => "Parenting and Child Education",
        (Lang::En, M::KeuanganUsaha) => "Money Management and Business Planning",
        (Lang::En, M::KesehatanGizi) => "Health and Nutrition",
        (Lang::En, M::PerlindunganAnak) => "Child Protection",
        (Lang::En, M::KesejahteraanSosial) => "Social Welfare",
        (Lang::En, M::PencegahanStunting) => "Stunting Prevention",
    }
}

/// Why a typed date was not understood.
pub fn date_error(lang: Lang, e: &crate::domain::dates::DateError) -> String {
    use crate::domain::dates::DateError;
    match e {
        DateError::Empty => tr(lang, T::DateEmpty).into(),
        DateError::Unrecognised => tr(lang, T::DateUnrecognised).into(),
        DateError::NoSuchDate { day, month, year } => {
            fill(tr(lang, T::DateNoSuch), &[day, month, year])
        }
        DateError::TooFar => tr(lang, T::DateTooFar).into(),
        DateError::Future => tr(lang, T::FormBirthFuture).into(),
    }
}

/// `n` things with the singular or plural template (`{}` is the number): English needs
/// both ("1 problem", "2 problems"), Indonesian says both alike.
pub fn count(lang: Lang, n: usize, one: T, many: T) -> String {
    fill(tr(lang, if n == 1 { one } else { many }), &[&n])
}

/// The string `t` in `lang`.
pub fn tr(lang: Lang, t: T) -> &'static str {
    t.get(lang)
}

/// Fills the `{}` placeholders of `template` in order. `{one|many}` right after a
/// placeholder picks a word by the number just filled in: English templates write
/// `"{} {problem|problems} on {} {line|lines}"` ("1 problem on 1 line"); Indonesian says
/// both alike and needs none.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut last = String::new();
    let mut rest = template;
    while let Some(pos) = rest.find('{') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if let Some(after) = rest.strip_prefix("{}") {
            match args.next() {
                Some(a) => {
                    last = a.to_string();
                    out.push_str(&last);
                }
                None => out.push_str("{}"),
            }
            rest = after;
        } else if let Some((one, many, after)) = plural(rest) {
            out.push_str(if last == "1" { one } else { many });
            rest = after;
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `{one|many}` at the start of `s`: the two words and what follows.
fn plural(s: &str) -> Option<(&str, &str, &str)> {
    let end = s.find('}')?;
    let (one, many) = s[1..end].split_once('|')?;
    let word = |w: &str| !w.trim().is_empty() && !w.contains('{');
    (word(one) && word(many)).then_some((one, many, &s[end + 1..]))
}

/// Picks the language: an explicit choice, else `PILAR_LANG`-style text (`id`, `en`,
/// `en_US.UTF-8`...), else Indonesian.
pub fn parse_lang(s: &str) -> Option<Lang> {
    let s = s.trim().to_lowercase();
    if s.starts_with("en") {
        Some(Lang::En)
    } else if s.starts_with("id") || s.starts_with("in") {
        Some(Lang::Id)
    } else {
        None
    }
}

pub fn role_label(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Facilitator => tr(lang, T::RoleFacilitator),
        Role::Supervisor => tr(lang, T::RoleSupervisor),
    }
}

pub fn status_label(lang: Lang, s: HouseholdStatus) -> &'static str {
    match (lang, s) {
        (Lang::Id, HouseholdStatus::Aktif) => "Aktif",
        (Lang::Id, HouseholdStatus::CalonGraduasi) => "Calon graduasi",
        (Lang::Id, HouseholdStatus::Graduasi) => "Graduasi",
        (Lang::Id, HouseholdStatus::Keluar) => "Keluar",
        (Lang::En, HouseholdStatus::Aktif) => "Active",
        (Lang::En, HouseholdStatus::CalonGraduasi) => "Graduation candidate",
        (Lang::En, HouseholdStatus::Graduasi) => "Graduated",
        (Lang::En, HouseholdStatus::Keluar) => "Exited",
    }
}

/// Status in at most 6 columns, for the list.
pub fn status_short(lang: Lang, s: HouseholdStatus) -> &'static str {
    match (lang, s) {
        (Lang::Id, HouseholdStatus::Aktif) => "Aktif",
        (Lang::Id, HouseholdStatus::CalonGraduasi) => "Calon",
        (Lang::Id, HouseholdStatus::Graduasi) => "Grad.",
        (Lang::Id, HouseholdStatus::Keluar) => "Keluar",
        (Lang::En, HouseholdStatus::Aktif) => "Active",
        (Lang::En, HouseholdStatus::CalonGraduasi) => "Cand.",
        (Lang::En, HouseholdStatus::Graduasi) => "Grad.",
        (Lang::En, HouseholdStatus::Keluar) => "Exited",
    }
}

pub fn component_label(lang: Lang, c: Component) -> &'static str {
    match (lang, c) {
        (Lang::Id, Component::IbuHamil) => "Ibu hamil/nifas",
        (Lang::Id, Component::AnakUsiaDini) => "Anak usia dini",
        (Lang::Id, Component::Sd) => "Anak SD",
        (Lang::Id, Component::Smp) => "Anak SMP",
        (Lang::Id, Component::Sma) => "Anak SMA",
        (Lang::Id, Component::DisabilitasBerat) => "Disabilitas berat",
        (Lang::Id, Component::Lansia) => "Lanjut usia",
        (Lang::En, Component::IbuHamil) => "Pregnant/post-natal",
        (Lang::En, Component::AnakUsiaDini) => "Early childhood",
        (Lang::En, Component::Sd) => "Primary school",
        (Lang::En, Component::Smp) => "Junior high",
        (Lang::En, Component::Sma) => "Senior high",
        (Lang::En, Component::DisabilitasBerat) => "Severe disability",
        (Lang::En, Component::Lansia) => "Elderly",
    }
}

/// Component in at most 8 columns.
pub fn component_short(lang: Lang, c: Component) -> &'static str {
    match (lang, c) {
        (Lang::Id, Component::IbuHamil) => "Bumil",
        (Lang::Id, Component::AnakUsiaDini) => "AUD",
        (Lang::Id, Component::Sd) => "SD",
        (Lang::Id, Component::Smp) => "SMP",
        (Lang::Id, Component::Sma) => "SMA",
        (Lang::Id, Component::DisabilitasBerat) => "Disabil.",
        (Lang::Id, Component::Lansia) => "Lansia",
        (Lang::En, Component::IbuHamil) => "Pregnant",
        (Lang::En, Component::AnakUsiaDini) => "Under 6",
        (Lang::En, Component::Sd) => "Primary",
        (Lang::En, Component::Smp) => "Jr high",
        (Lang::En, Component::Sma) => "Sr high",
        (Lang::En, Component::DisabilitasBerat) => "Disabled",
        (Lang::En, Component::Lansia) => "Elderly",
    }
}

pub fn exit_label(lang: Lang, k: ExitKind) -> &'static str {
    match (lang, k) {
        (Lang::Id, ExitKind::SejahteraMandiri) => "Graduasi sejahtera mandiri",
        (Lang::Id, ExitKind::Alamiah) => "Graduasi alamiah",
        (Lang::Id, ExitKind::Mandiri) => "Graduasi mandiri (mengundurkan diri)",
        (Lang::Id, ExitKind::Pindah) => "Pindah",
        (Lang::Id, ExitKind::Meninggal) => "Meninggal",
        (Lang::Id, ExitKind::TidakLayak) => "Tidak layak setelah pemutakhiran",
        (Lang::Id, ExitKind::Menolak) => "Menolak menjadi peserta",
        (Lang::Id, ExitKind::DesilNaik) => "Desil naik di atas 4 (DTSEN)",
        (Lang::Id, ExitKind::TidakMemenuhiKomitmen) => "Tidak memenuhi komitmen",
        (Lang::En, ExitKind::SejahteraMandiri) => "Graduated to self-sufficiency",
        (Lang::En, ExitKind::Alamiah) => "Natural graduation",
        (Lang::En, ExitKind::Mandiri) => "Graduated by own resignation",
        (Lang::En, ExitKind::Pindah) => "Moved away",
        (Lang::En, ExitKind::Meninggal) => "Deceased",
        (Lang::En, ExitKind::TidakLayak) => "Ineligible after data update",
        (Lang::En, ExitKind::Menolak) => "Declined",
        (Lang::En, ExitKind::DesilNaik) => "Decile rose above 4 (DTSEN)",
        (Lang::En, ExitKind::TidakMemenuhiKomitmen) => "Commitments not met",
    }
}

pub fn kind_label(lang: Lang, k: ActivityKind) -> &'static str {
    match (lang, k) {
        (Lang::Id, ActivityKind::Kunjungan) => "Kunjungan rumah",
        (Lang::Id, ActivityKind::P2k2) => "Pertemuan P2K2",
        (Lang::Id, ActivityKind::Verifikasi) => "Verifikasi komitmen",
        (Lang::Id, ActivityKind::Pemutakhiran) => "Pemutakhiran data",
        (Lang::Id, ActivityKind::Penyaluran) => "Penyaluran bantuan",
        (Lang::Id, ActivityKind::Kasus) => "Penanganan kasus/pengaduan",
        (Lang::Id, ActivityKind::Rujukan) => "Rujukan",
        (Lang::Id, ActivityKind::AsesmenGraduasi) => "Asesmen graduasi",
        (Lang::Id, ActivityKind::Koordinasi) => "Koordinasi",
        (Lang::Id, ActivityKind::Direktif) => "Tugas dari atasan",
        (Lang::Id, ActivityKind::Catatan) => "Catatan",
        (Lang::En, ActivityKind::Kunjungan) => "Home visit",
        (Lang::En, ActivityKind::P2k2) => "P2K2 session",
        (Lang::En, ActivityKind::Verifikasi) => "Commitment check",
        (Lang::En, ActivityKind::Pemutakhiran) => "Data update",
        (Lang::En, ActivityKind::Penyaluran) => "Payment distribution",
        (Lang::En, ActivityKind::Kasus) => "Case / complaint",
        (Lang::En, ActivityKind::Rujukan) => "Referral",
        (Lang::En, ActivityKind::AsesmenGraduasi) => "Graduation assessment",
        (Lang::En, ActivityKind::Koordinasi) => "Coordination",
        (Lang::En, ActivityKind::Direktif) => "Task from a superior",
        (Lang::En, ActivityKind::Catatan) => "Note",
    }
}

/// Activity kind in at most 8 columns, for the log.
pub fn kind_short(lang: Lang, k: ActivityKind) -> &'static str {
    match (lang, k) {
        (Lang::Id, ActivityKind::Kunjungan) => "Kunj.",
        (Lang::Id, ActivityKind::P2k2) => "P2K2",
        (Lang::Id, ActivityKind::Verifikasi) => "Verif",
        (Lang::Id, ActivityKind::Pemutakhiran) => "Mutakh.",
        (Lang::Id, ActivityKind::Penyaluran) => "Salur.",
        (Lang::Id, ActivityKind::Kasus) => "Kasus",
        (Lang::Id, ActivityKind::Rujukan) => "Rujukan",
        (Lang::Id, ActivityKind::AsesmenGraduasi) => "Asesmen",
        (Lang::Id, ActivityKind::Koordinasi) => "Koord",
        (Lang::Id, ActivityKind::Direktif) => "Tugas",
        (Lang::Id, ActivityKind::Catatan) => "Catatan",
        (Lang::En, ActivityKind::Kunjungan) => "Visit",
        (Lang::En, ActivityKind::P2k2) => "P2K2",
        (Lang::En, ActivityKind::Verifikasi) => "Check",
        (Lang::En, ActivityKind::Pemutakhiran) => "Update",
        (Lang::En, ActivityKind::Penyaluran) => "Payment",
        (Lang::En, ActivityKind::Kasus) => "Case",
        (Lang::En, ActivityKind::Rujukan) => "Referral",
        (Lang::En, ActivityKind::AsesmenGraduasi) => "Assess",
        (Lang::En, ActivityKind::Koordinasi) => "Coord",
        (Lang::En, ActivityKind::Direktif) => "Task",
        (Lang::En, ActivityKind::Catatan) => "Note",
    }
}

pub fn pas_label(lang: Lang, t: PasTag) -> &'static str {
    match (lang, t) {
        (Lang::Id, PasTag::AnakRentan) => "anak rentan",
        (Lang::Id, PasTag::Disabilitas) => "penyandang disabilitas",
        (Lang::Id, PasTag::LansiaTelantar) => "lansia telantar",
        (Lang::Id, PasTag::BerpendapatanRendah) => "berpendapatan rendah",
        (Lang::Id, PasTag::KorbanBencana) => "korban bencana",
        (Lang::Id, PasTag::AfirmasiKhusus) => "butuh afirmasi khusus",
        (Lang::Id, PasTag::WargaBinaan) => "warga binaan",
        (Lang::Id, PasTag::KorbanKekerasan) => "korban kekerasan",
        (Lang::Id, PasTag::KorbanNapzaHiv) => "korban NAPZA dan HIV/AIDS",
        (Lang::Id, PasTag::BermasalahSosial) => "bermasalah sosial",
        (Lang::Id, PasTag::PerempuanRentan) => "perempuan rentan",
        (Lang::Id, PasTag::FakirMiskin) => "fakir miskin",
        (Lang::En, PasTag::AnakRentan) => "vulnerable children",
        (Lang::En, PasTag::Disabilitas) => "persons with disabilities",
        (Lang::En, PasTag::LansiaTelantar) => "neglected elderly",
        (Lang::En, PasTag::BerpendapatanRendah) => "low income",
        (Lang::En, PasTag::KorbanBencana) => "disaster victims",
        (Lang::En, PasTag::AfirmasiKhusus) => "special affirmation",
        (Lang::En, PasTag::WargaBinaan) => "inmates and ex-inmates",
        (Lang::En, PasTag::KorbanKekerasan) => "victims of violence",
        (Lang::En, PasTag::KorbanNapzaHiv) => "drug abuse and HIV/AIDS",
        (Lang::En, PasTag::BermasalahSosial) => "social problems",
        (Lang::En, PasTag::PerempuanRentan) => "vulnerable women",
        (Lang::En, PasTag::FakirMiskin) => "destitute",
    }
}

pub fn referral_status_label(lang: Lang, s: ReferralStatus) -> &'static str {
    match (lang, s) {
        (Lang::Id, ReferralStatus::Diusulkan) => "diusulkan",
        (Lang::Id, ReferralStatus::Diterima) => "diterima",
        (Lang::Id, ReferralStatus::Berjalan) => "berjalan",
        (Lang::Id, ReferralStatus::Selesai) => "selesai",
        (Lang::Id, ReferralStatus::Ditolak) => "ditolak",
        (Lang::En, ReferralStatus::Diusulkan) => "proposed",
        (Lang::En, ReferralStatus::Diterima) => "accepted",
        (Lang::En, ReferralStatus::Berjalan) => "running",
        (Lang::En, ReferralStatus::Selesai) => "completed",
        (Lang::En, ReferralStatus::Ditolak) => "rejected",
    }
}

/// Empowerment program names are proper nouns; only "other" is translated.
pub fn referral_program(lang: Lang, p: Program) -> &'static str {
    match (lang, p) {
        (Lang::En, Program::Lainnya) => "Other",
        _ => p.label(),
    }
}

pub fn relation_label(lang: Lang, r: Relation) -> &'static str {
    match (lang, r) {
        (Lang::Id, Relation::KepalaKeluarga) => "kepala keluarga",
        (Lang::Id, Relation::Istri) => "istri",
        (Lang::Id, Relation::Suami) => "suami",
        (Lang::Id, Relation::Anak) => "anak",
        (Lang::Id, Relation::Menantu) => "menantu",
        (Lang::Id, Relation::Cucu) => "cucu",
        (Lang::Id, Relation::OrangTua) => "orang tua",
        (Lang::Id, Relation::Mertua) => "mertua",
        (Lang::Id, Relation::FamiliLain) => "famili lain",
        (Lang::Id, Relation::Lainnya) => "lainnya",
        (Lang::En, Relation::KepalaKeluarga) => "head",
        (Lang::En, Relation::Istri) => "wife",
        (Lang::En, Relation::Suami) => "husband",
        (Lang::En, Relation::Anak) => "child",
        (Lang::En, Relation::Menantu) => "child-in-law",
        (Lang::En, Relation::Cucu) => "grandchild",
        (Lang::En, Relation::OrangTua) => "parent",
        (Lang::En, Relation::Mertua) => "parent-in-law",
        (Lang::En, Relation::FamiliLain) => "other family",
        (Lang::En, Relation::Lainnya) => "other",
    }
}

/// A component rule that a household breaks, naming the rule and the member.
/// The members may be stored or entered (any id).
pub fn component_violation<Id>(
    lang: Lang,
    v: &ComponentViolation,
    members: &[Member<Id>],
) -> String {
    match v {
        ComponentViolation::TooManyPersons { count, max } => {
            let who = names(members, |m| m.component.is_some());
            match lang {
                Lang::Id => format!(
                    "{count} anggota memiliki komponen{who}; maksimal {max} orang per keluarga"
                ),
                Lang::En => {
                    let persons = if *count == 1 { "person" } else { "persons" };
                    format!("{count} {persons} with a component{who}; at most {max} per family")
                }
            }
        }
        ComponentViolation::CapExceeded {
            component,
            count,
            max,
        } => {
            let c = component_label(lang, *component);
            let who = names(members, |m| m.component == Some(*component));
            match lang {
                Lang::Id => {
                    // "orang ibu hamil/nifas", but "orang SD".
                    let mut chars = c.chars();
                    let c = match (chars.next(), chars.next()) {
                        (Some(first), Some(second)) if second.is_lowercase() => {
                            format!("{}{}", first.to_lowercase(), &c[first.len_utf8()..])
                        }
                        _ => c.to_string(),
                    };
                    format!("{count} orang {c}{who}; maksimal {max} per keluarga")
                }
                Lang::En => {
                    let persons = if *count == 1 { "person" } else { "persons" };
                    format!("{count} {persons} {c}{who}; at most {max} per family")
                }
            }
        }
        ComponentViolation::NotEligible {
            index,
            component,
            reason,
        } => {
            let name = members.get(*index).map(|m| m.name.as_str()).unwrap_or("?");
            let c = component_label(lang, *component);
            let why = ineligible(lang, reason);
            match lang {
                Lang::Id => format!("{name} tidak memenuhi syarat {c}: {why}"),
                Lang::En => format!("{name} is not eligible for {c}: {why}"),
            }
        }
    }
}

/// The names of the members `which` picks, as " (Ani, Budi)"; empty when none is named.
fn names<Id>(members: &[Member<Id>], which: impl Fn(&Member<Id>) -> bool) -> String {
    let named: Vec<&str> = members
        .iter()
        .filter(|m| which(m))
        .map(|m| m.name.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if named.is_empty() {
        String::new()
    } else {
        format!(" ({})", named.join(", "))
    }
}

pub(crate) fn ineligible(lang: Lang, r: &Ineligible) -> String {
    match (lang, r) {
        (Lang::Id, Ineligible::NoBirthDate) => "tanggal lahir kosong".into(),
        (Lang::En, Ineligible::NoBirthDate) => "no birth date".into(),
        (Lang::Id, Ineligible::TooYoung { age, min }) => format!("umur {age}, minimal {min}"),
        (Lang::En, Ineligible::TooYoung { age, min }) => format!("age {age}, minimum {min}"),
        (Lang::Id, Ineligible::TooOld { age, max }) => format!("umur {age}, maksimal {max}"),
        (Lang::En, Ineligible::TooOld { age, max }) => format!("age {age}, maximum {max}"),
        (Lang::Id, Ineligible::NotFemale) => "harus perempuan".into(),
        (Lang::En, Ineligible::NotFemale) => "must be a woman".into(),
        (_, Ineligible::ThirdPregnancy { order }) => {
            fill(tr(lang, T::IneligibleThirdPregnancy), &[order])
        }
    }
}

/// Why an NIK or No KK was rejected, in words a facilitator can act on.
pub fn nik_error(lang: Lang, e: &NikError) -> String {
    match (lang, e) {
        (Lang::Id, NikError::Empty) => "kosong".into(),
        (Lang::En, NikError::Empty) => "empty".into(),
        (Lang::Id, NikError::ScientificNotation) => {
            "angka diubah spreadsheet menjadi notasi ilmiah (mis. 3.32402E+15); digit aslinya hilang. Format kolom sebagai Teks lalu ketik ulang".into()
        }
        (Lang::En, NikError::ScientificNotation) => {
            "a spreadsheet turned the number into scientific notation (e.g. 3.32402E+15); the real digits are lost. Format the column as Text and type it again".into()
        }
        (Lang::Id, NikError::DecimalSuffix) => {
            "berakhiran desimal (mis. .0): kolom spreadsheet berformat angka, format sebagai Teks".into()
        }
        (Lang::En, NikError::DecimalSuffix) => {
            "ends in a decimal (e.g. .0): the spreadsheet column is numeric, format it as Text".into()
        }
        (Lang::Id, NikError::NonDigit { ch, pos }) => {
            format!(
                "karakter {} di posisi {}; hanya angka yang boleh",
                shown_char(*ch),
                pos + 1
            )
        }
        (Lang::En, NikError::NonDigit { ch, pos }) => {
            format!(
                "character {} at position {}; only digits are allowed",
                shown_char(*ch),
                pos + 1
            )
        }
        (Lang::Id, NikError::TooShort { len: 15 }) => {
            "15 digit, harus 16: spreadsheet hanya menyimpan 15 digit angka; format kolom sebagai Teks".into()
        }
        (Lang::En, NikError::TooShort { len: 15 }) => {
            "15 digits, must be 16: spreadsheets keep only 15 digits of a number; format the column as Text".into()
        }
        (Lang::Id, NikError::TooShort { len }) => format!("{len} digit, harus 16"),
        (Lang::En, NikError::TooShort { len }) => format!("{len} digits, must be 16"),
        (Lang::Id, NikError::TooLong { len }) => format!("{len} digit, harus 16"),
        (Lang::En, NikError::TooLong { len }) => format!("{len} digits, must be 16"),
        (Lang::Id, NikError::BadProvince { code }) => {
            format!("kode provinsi {code} tidak ada")
        }
        (Lang::En, NikError::BadProvince { code }) => {
            format!("province code {code} does not exist")
        }
        (Lang::Id, NikError::BadRegency { code }) => {
            format!("kode kabupaten/kota {code} tidak ada (kabupaten 01-69, kota 71-99)")
        }
        (Lang::En, NikError::BadRegency { code }) => {
            format!("kabupaten/kota code {code} does not exist (kabupaten 01-69, kota 71-99)")
        }
        (Lang::Id, NikError::BadDistrict { code }) => {
            format!("kode kecamatan {code} tidak ada")
        }
        (Lang::En, NikError::BadDistrict { code }) => {
            format!("kecamatan code {code} does not exist")
        }
        (Lang::Id, NikError::BadDay { day }) => {
            format!("tanggal lahir {day} tidak mungkin (untuk perempuan, tanggal lahir ditambah 40)")
        }
        (Lang::En, NikError::BadDay { day }) => {
            format!("birth day {day} is impossible (women: day + 40)")
        }
        (Lang::Id, NikError::BadDate { day, month, year }) => {
            format!("tanggal {day}/{month}/{year} tidak ada di kalender")
        }
        (Lang::En, NikError::BadDate { day, month, year }) => {
            format!("date {day}/{month}/{year} does not exist")
        }
        (Lang::Id, NikError::ZeroSerial) => "nomor urut 0000 tidak sah".into(),
        (Lang::En, NikError::ZeroSerial) => "serial number 0000 is not valid".into(),
    }
}

/// A character quoted in a message: as itself, or as its code point when it is one that
/// would steer the terminal or hide (`U+001B`).
fn shown_char(ch: char) -> String {
    if crate::domain::text::is_hostile(ch) || ch.is_whitespace() {
        format!("U+{:04X}", ch as u32)
    } else {
        format!("'{ch}'")
    }
}

/// Why a phone number was refused, in words a facilitator can act on.
pub fn phone_error(lang: Lang, e: &crate::domain::phone::PhoneError) -> String {
    use crate::domain::phone::{MAX_DIGITS, MIN_DIGITS, PhoneError};
    match (lang, e) {
        (Lang::Id, PhoneError::Empty) => "kosong".into(),
        (Lang::En, PhoneError::Empty) => "empty".into(),
        (Lang::Id, PhoneError::ScientificNotation) => {
            "angka diubah spreadsheet menjadi notasi ilmiah (mis. 6,28123E+12); digit aslinya hilang. Format kolom sebagai Teks lalu ketik ulang".into()
        }
        (Lang::En, PhoneError::ScientificNotation) => {
            "a spreadsheet turned the number into scientific notation (e.g. 6.28123E+12); the real digits are lost. Format the column as Text and type it again".into()
        }
        (Lang::Id, PhoneError::DecimalSuffix) => {
            "berakhiran desimal (mis. .0): kolom spreadsheet berformat angka, format sebagai Teks".into()
        }
        (Lang::En, PhoneError::DecimalSuffix) => {
            "ends in a decimal (e.g. .0): the spreadsheet column is numeric, format it as Text".into()
        }
        (Lang::Id, PhoneError::LeadingZeroLost) => {
            "angka 0 di depan hilang (kolom spreadsheet berformat angka). Format kolom sebagai Teks lalu ketik ulang, mis. 0812…".into()
        }
        (Lang::En, PhoneError::LeadingZeroLost) => {
            "the leading 0 is lost (the spreadsheet column is numeric). Format the column as Text and type it again, e.g. 0812…".into()
        }
        (Lang::Id, PhoneError::NonDigit { ch, pos }) => format!(
            "karakter {} di posisi {}; nomor telepon hanya berisi angka (boleh +62, spasi dan -)",
            shown_char(*ch),
            pos + 1
        ),
        (Lang::En, PhoneError::NonDigit { ch, pos }) => format!(
            "character {} at position {}; a phone number holds digits only (+62, spaces and - are fine)",
            shown_char(*ch),
            pos + 1
        ),
        (Lang::Id, PhoneError::NotIndonesian) => "hanya nomor Indonesia (+62)".into(),
        (Lang::En, PhoneError::NotIndonesian) => "only Indonesian numbers (+62)".into(),
        (Lang::Id, PhoneError::TooShort { len } | PhoneError::TooLong { len }) => {
            format!("{len} digit; nomor telepon {MIN_DIGITS} sampai {MAX_DIGITS} digit")
        }
        (Lang::En, PhoneError::TooShort { len } | PhoneError::TooLong { len }) => {
            format!("{len} digits; a phone number has {MIN_DIGITS} to {MAX_DIGITS} digits")
        }
    }
}

/// Why an area code was refused.
pub fn area_code_error(lang: Lang, e: &crate::domain::household::AreaCodeError) -> String {
    use crate::domain::household::AreaCodeError;
    let why = match (lang, e) {
        (Lang::Id, AreaCodeError::BadProvince) => "kode provinsinya tidak ada",
        (Lang::En, AreaCodeError::BadProvince) => "its province code does not exist",
        (Lang::Id, AreaCodeError::BadRegency) => "kabupaten/kota harus 01-69 atau 71-99",
        (Lang::En, AreaCodeError::BadRegency) => "the kabupaten/kota part must be 01-69 or 71-99",
        (Lang::Id, AreaCodeError::BadDistrict) => "kode kecamatan 00 tidak ada",
        (Lang::En, AreaCodeError::BadDistrict) => "kecamatan 00 does not exist",
        (Lang::Id, AreaCodeError::ZeroVillage) => "nomor desa 000 tidak ada",
        (Lang::En, AreaCodeError::ZeroVillage) => "village number 000 does not exist",
        _ => return tr(lang, T::FormAreaCode).into(),
    };
    format!("{}: {why}", tr(lang, T::FormAreaCode))
}

/// Why a field's text was refused ([`crate::domain::fields`]), for the form and the import.
pub fn field_error(lang: Lang, e: &crate::domain::fields::FieldError) -> String {
    use crate::domain::fields::FieldError;
    match e {
        FieldError::NotANumber => tr(lang, T::FormNotNumber).into(),
        FieldError::DesilRange => tr(lang, T::FormDesilRange).into(),
        FieldError::YearRange { max } => fill(tr(lang, T::FieldErrYearRange), &[max]),
        FieldError::Rt | FieldError::Rw => tr(lang, T::FieldErrRtRw).into(),
        FieldError::NegativeAmount => tr(lang, T::FieldErrNegative).into(),
        FieldError::AmountCents => tr(lang, T::FieldErrCents).into(),
        FieldError::ScientificNotation => tr(lang, T::FieldErrScientific).into(),
        FieldError::Phone(p) => phone_error(lang, p),
        FieldError::PregnancyOrder => tr(lang, T::FieldErrPregnancyOrder).into(),
    }
}

/// A table's name in a merge report.
pub fn merge_table(lang: Lang, table: &str) -> &'static str {
    tr(
        lang,
        match table {
            "workers" => T::MergeTableWorkers,
            "households" => T::MergeTableHouseholds,
            "members" => T::MergeTableMembers,
            "activities" => T::MergeTableActivities,
            "activity_households" => T::MergeTableAttendance,
            "graduations" => T::MergeTableGraduations,
            "referrals" => T::MergeTableReferrals,
            "payments" => T::MergeTablePayments,
            "life_events" => T::MergeTableLifeEvents,
            "verifications" => T::MergeTableVerifications,
            "p2k2_groups" => T::MergeTableGroups,
            "signoffs" => T::MergeTableSignoffs,
            "saved_views" => T::MergeTableViews,
            // Not a record table: named as it is rather than as another table.
            _ => T::MergeTableUnknown,
        },
    )
}

/// A sync failure's code, worded for the person at the laptop.
pub fn sync_error(lang: Lang, code: crate::sync::ErrorCode) -> &'static str {
    use crate::sync::ErrorCode as E;
    tr(
        lang,
        match code {
            E::BadRequest => T::SyncErrBadRequest,
            E::TooLarge => T::SyncErrTooLarge,
            E::Unauthorized => T::SyncErrUnauthorized,
            E::TokenRevoked => T::SyncErrTokenRevoked,
            E::Forbidden => T::SyncErrForbidden,
            E::EnrollCodeInvalid => T::SyncErrEnrollCodeInvalid,
            E::EnrollCodeUsed => T::SyncErrEnrollCodeUsed,
            E::EnrollCodeExpired => T::SyncErrEnrollCodeExpired,
            E::WorkerMismatch => T::SyncErrWorkerMismatch,
            E::PullFirst => T::SyncErrPullFirst,
            E::HistoryRewritten => T::SyncErrHistoryRewritten,
            E::PushIdReused => T::SyncErrPushIdReused,
            E::NotFound => T::SyncErrNotFound,
            E::MethodNotAllowed => T::SyncErrMethodNotAllowed,
            E::Unavailable => T::SyncErrUnavailable,
            E::Internal => T::SyncErrInternal,
        },
    )
}

/// Why the server quarantined an entry or a row, worded for people.
pub fn reject_reason(lang: Lang, code: crate::sync::RejectCode) -> &'static str {
    use crate::sync::RejectCode as R;
    tr(
        lang,
        match code {
            R::BadValue => T::RejectBadValue,
            R::MissingValue => T::RejectMissingValue,
            R::BadNik => T::RejectBadNik,
            R::UnknownKey => T::RejectUnknownKey,
            R::NotYourHousehold => T::RejectNotYourHousehold,
            R::SupervisorNoteOnly => T::RejectSupervisorNoteOnly,
            R::WorkerChange => T::RejectWorkerChange,
            R::OutsideRegency => T::RejectOutsideRegency,
            R::NikClaimed => T::RejectNikClaimed,
            R::MissingParent => T::RejectMissingParent,
            R::MissingRecord => T::RejectMissingRecord,
            R::UnknownWorker => T::RejectUnknownWorker,
            R::RecordRefused => T::RejectRecordRefused,
            R::SignOffNotAllowed => T::RejectSignOffNotAllowed,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::graduation::SocialProgram;

    fn placeholders(s: &str) -> usize {
        s.matches("{}").count()
    }

    #[test]
    fn every_declared_table_has_its_own_name_in_a_merge_report() {
        // A merge report line names its table; one without an arm read "saved views"
        // (verifications did).
        let mut seen = std::collections::HashSet::new();
        for r in crate::records::RECORDS {
            for lang in [Lang::Id, Lang::En] {
                let name = merge_table(lang, r.table);
                assert_ne!(name, tr(lang, T::MergeTableUnknown), "{}", r.table);
                assert!(seen.insert((lang, name)), "{} shares its name", r.table);
            }
        }
    }

    #[test]
    fn every_declared_field_has_a_label_in_both_languages() {
        // The fields the store writes to the history: every compared column of a declared
        // record (`records::tables`) and the history fields that are no column.
        let mut fields: Vec<&str> = Vec::new();
        for r in crate::records::RECORDS {
            fields.extend(r.fields());
            fields.extend(r.history.iter().map(|h| h.name));
        }
        assert!(fields.len() > 40, "{fields:?}");
        for lang in [Lang::Id, Lang::En] {
            for f in &fields {
                let l = field_label(lang, f);
                assert!(l != *f && !l.is_empty() && l.trim() == l, "{f}: {l:?}");
            }
            for r in crate::records::RECORDS.iter().filter(|r| r.synced) {
                assert_ne!(record_label(lang, r.table), r.table);
            }
        }
        assert_eq!(field_label(Lang::Id, "year_joined"), "Tahun masuk PKH");
        assert_eq!(field_label(Lang::En, "nik"), "NIK");
        assert_eq!(field_label(Lang::En, "something_new"), "something_new");
        assert_eq!(
            value_label(Lang::Id, "members", "component", "sd"),
            "Anak SD"
        );
        assert_eq!(
            value_label(Lang::En, "households", "status", "aktif"),
            "Active"
        );
        assert_eq!(
            value_label(Lang::Id, "graduations", "kind", "mandiri"),
            exit_label(Lang::Id, ExitKind::Mandiri)
        );
        assert_eq!(value_label(Lang::Id, "households", "rt", "003"), "003");
        assert_eq!(
            value_label(Lang::Id, "households", "has_business", "0"),
            "tidak"
        );
        assert_eq!(
            value_label(Lang::En, "households", "has_business", "1"),
            "yes"
        );
        assert_eq!(value_label(Lang::En, "members", "sex", "P"), "Female");
        // Flags and dates by their declared type (`records`), in every table.
        assert_eq!(value_label(Lang::En, "members", "deleted", "1"), "yes");
        assert_eq!(
            value_label(Lang::Id, "members", "pregnancy_birth", "2026-12-04"),
            crate::domain::format::date_short(
                Lang::Id,
                chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
            )
        );
        assert_eq!(
            value_label(Lang::En, "activities", "follow_up", "kemarin"),
            "kemarin"
        );
        assert_eq!(
            value_label(Lang::En, "activity_households", "attended", "3324:0"),
            tr(Lang::En, T::LogAbsent)
        );
    }

    #[test]
    fn both_languages_define_every_string() {
        for t in T::ALL {
            let id = t.get(Lang::Id);
            let en = t.get(Lang::En);
            assert!(!id.trim().is_empty(), "{t:?} has no Indonesian text");
            assert!(!en.trim().is_empty(), "{t:?} has no English text");
            assert_eq!(
                placeholders(id),
                placeholders(en),
                "{t:?}: the two languages take different arguments"
            );
        }
    }

    #[test]
    fn both_languages_label_every_domain_value() {
        for lang in [Lang::Id, Lang::En] {
            for s in HouseholdStatus::ALL {
                assert!(!status_label(lang, s).is_empty());
                assert!(status_short(lang, s).chars().count() <= 6);
            }
            for c in Component::ALL {
                assert!(!component_label(lang, c).is_empty());
                assert!(component_short(lang, c).chars().count() <= 8);
            }
            for k in ActivityKind::ALL {
                assert!(!kind_label(lang, k).is_empty());
                assert!(kind_short(lang, k).chars().count() <= 8);
            }
            for k in ExitKind::ALL {
                assert!(!exit_label(lang, k).is_empty());
            }
            for t in PasTag::ALL {
                assert!(!pas_label(lang, t).is_empty());
            }
            for s in ReferralStatus::ALL {
                assert!(!referral_status_label(lang, s).is_empty());
            }
            for p in Program::ALL {
                assert!(!referral_program(lang, p).is_empty());
            }
            for r in Relation::ALL {
                assert!(!relation_label(lang, r).is_empty());
            }
            for p in SocialProgram::ALL {
                assert!(!p.label().is_empty());
            }
        }
        assert_ne!(
            status_label(Lang::Id, HouseholdStatus::Aktif),
            status_label(Lang::En, HouseholdStatus::Aktif)
        );
    }

    #[test]
    fn nik_errors_explain_spreadsheet_damage_in_both_languages() {
        let e = NikError::ScientificNotation;
        assert!(nik_error(Lang::Id, &e).contains("spreadsheet"));
        assert!(nik_error(Lang::En, &e).contains("spreadsheet"));
        let e = NikError::TooShort { len: 15 };
        assert!(nik_error(Lang::Id, &e).contains("15 digit"));
        assert!(nik_error(Lang::En, &e).contains("15 digits"));
    }

    #[test]
    fn fill_picks_the_english_plural_by_the_number_before() {
        let t = "{} {problem|problems} on {} {line|lines}";
        assert_eq!(fill(t, &[&1, &1]), "1 problem on 1 line");
        assert_eq!(fill(t, &[&2, &1]), "2 problems on 1 line");
        assert_eq!(fill(t, &[&1, &3]), "1 problem on 3 lines");
        assert_eq!(fill(t, &[&0, &0]), "0 problems on 0 lines");
        // Not a plural: left as written.
        assert_eq!(fill("{a b} {x|}", &[]), "{a b} {x|}");
        assert_eq!(fill("{} {waits|wait}", &[&2]), "2 wait");
        assert_eq!(
            fill("{} {conflict waits|conflicts wait}", &[&1]),
            "1 conflict waits"
        );
        for lang in [Lang::Id, Lang::En] {
            assert!(
                !fill(tr(lang, T::MsgMarked), &[&1]).contains("households"),
                "{lang:?}"
            );
        }
    }

    #[test]
    fn fill_replaces_in_order() {
        assert_eq!(fill("{} dari {}", &[&7, &"10"]), "7 dari 10");
        assert_eq!(fill("no args {}", &[]), "no args {}");
        assert_eq!(parse_lang("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse_lang("id"), Some(Lang::Id));
        assert_eq!(parse_lang("fr"), None);
    }
}
