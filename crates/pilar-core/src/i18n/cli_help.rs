//! The command line's help (`pilar --help`, `pilar demo --help`...) in both languages: one
//! row per subcommand or argument, keyed by its path (`"demo"` for the subcommand's
//! description, `"demo --households"` for an option, `"merge OTHER"` for a positional,
//! `"--db"` for a global option) and holding the Indonesian and English texts side by side,
//! so neither language can lack one. The shell (`cli::localize`) applies the row of the
//! user's language to clap's `Command`; a test there proves every visible argument has one.

use crate::domain::Lang;

/// `(path, Indonesian, English)`.
pub const CLI_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "Dasbor terminal untuk pendamping sosial PKH",
        "Terminal dashboard for PKH social facilitators",
    ),
    (
        "--db",
        "Berkas basis data (bawaan: $PILAR_DB, kalau tidak ~/.local/share/pilar/pilar.db)",
        "Database file (default: $PILAR_DB, else ~/.local/share/pilar/pilar.db)",
    ),
    (
        "--lang",
        "Bahasa tampilan: id (bawaan) atau en",
        "Interface language: id (default) or en",
    ),
    (
        "--ascii",
        "Gambar garis dan grafik dengan karakter ASCII biasa",
        "Draw borders and gauges with plain ASCII characters",
    ),
    (
        "--theme",
        "Warna untuk latar terminal gelap (bawaan) atau terang (juga $PILAR_THEME)",
        "Colours for a dark (default) or light terminal background (also $PILAR_THEME)",
    ),
    (
        "--user",
        "Login petugas yang memakai pilar (bawaan: pengguna bawaan basis data, kalau tidak nama login Anda); huruf besar dan kecil sama saja",
        "Login name of the worker using pilar (default: the database's default user, else your login name); case does not matter",
    ),
    (
        "--monitoring-months",
        "Lama pemantauan pascagraduasi dalam bulan (satu tindak lanjut tiap 3 bulan)",
        "Months of post-graduation monitoring (one follow-up every 3 months)",
    ),
    (
        "--plaintext",
        "Buat basis data baru tanpa enkripsi, dengan sengaja (bawaannya terenkripsi)",
        "Create a new database unencrypted, on purpose (the default is encrypted)",
    ),
    ("--help", "Tampilkan bantuan ini", "Print this help"),
    ("--version", "Tampilkan versi", "Print the version"),
    (
        "demo",
        "Tulis data dampingan contoh yang realistis lalu buka",
        "Write a realistic demo caseload and open it",
    ),
    (
        "demo --households",
        "Jumlah keluarga (paling banyak 2.000.000, dan sebanyak muat di disk)",
        "Number of households (at most 2,000,000, and what fits on the disk)",
    ),
    (
        "demo --workers",
        "Jumlah pendamping (lebih dari 1 menambah seorang koordinator atas mereka semua)",
        "Number of facilitators (more than 1 adds a supervisor over all of them)",
    ),
    (
        "demo --seed",
        "Benih pembangkit: benih yang sama memberi data yang sama",
        "Seed of the generator: the same seed gives the same caseload",
    ),
    (
        "demo --no-open",
        "Hanya tulis basis data; jangan dibuka",
        "Only write the database; do not open it",
    ),
    (
        "demo --replace",
        "Ganti demo walaupun ada catatan yang dibuat orang di dalamnya (kalau tidak, ditanya dulu)",
        "Replace the demo even if a person made entries in it (otherwise asked)",
    ),
    (
        "report",
        "Cetak rekap tim (tim seorang koordinator, atau capaian Anda sendiri) untuk ditempel atau dicetak",
        "Print the team roll-up (a supervisor's team, or your own figures) to paste or print",
    ),
    (
        "report --year",
        "Tahun graduasi (bawaan: tahun ini; tahun lalu dihitung sampai 31 Desember)",
        "Year of the graduations (default: this year; a past year is counted to 31 December)",
    ),
    (
        "report --format",
        "text (untuk ditempel atau dicetak), csv (lembar kerja) atau md (Markdown)",
        "text (to paste or print), csv (a spreadsheet) or md (Markdown)",
    ),
    (
        "print",
        "Cetak ringkasan keluarga atau rencana kunjungan, untuk dicetak atau dibawa ke rapat",
        "Print a household's summary or the visit plan, to print or bring to a meeting",
    ),
    (
        "print household",
        "Ringkasan keluarga: anggota, komponen, bantuan, kegiatan, rujukan, graduasi",
        "A household's summary: members, components, benefit, activities, referrals, graduations",
    ),
    (
        "print household ID",
        "ID keluarga atau No KK-nya",
        "The household's id or No KK",
    ),
    (
        "print household --search",
        "Cari keluarga seperti di daftar (harus cocok dengan satu keluarga)",
        "Find the household with a search as in the list (it must match one)",
    ),
    (
        "print household --format",
        "text (rata, untuk dicetak) atau md (Markdown)",
        "text (aligned, to print) or md (Markdown)",
    ),
    (
        "print household --out",
        "Berkas keluaran (bawaan, atau -: keluaran standar); berkas yang sudah ada tidak pernah ditimpa",
        "Output file (default, or -: standard output); an existing file is never overwritten",
    ),
    (
        "print visits",
        "Rencana kunjungan per desa: tindak lanjut jatuh tempo, keluarga belum dikunjungi 90 hari",
        "The visit plan by village: follow-ups due, families not visited in 90 days",
    ),
    (
        "print visits --from",
        "Hari pertama rencana (bawaan: hari ini)",
        "First day of the plan (default: today)",
    ),
    (
        "print visits --to",
        "Hari terakhir rencana (bawaan: enam hari setelah --from)",
        "Last day of the plan (default: six days after --from)",
    ),
    (
        "print visits --format",
        "text (rata, untuk dicetak) atau md (Markdown)",
        "text (aligned, to print) or md (Markdown)",
    ),
    (
        "print visits --out",
        "Berkas keluaran (bawaan, atau -: keluaran standar); berkas yang sudah ada tidak pernah ditimpa",
        "Output file (default, or -: standard output); an existing file is never overwritten",
    ),
    (
        "bench",
        "Ukur waktu mulai, gerak kursor dan keluaran terminal pada sebuah basis data",
        "Measure start-up, cursor moves and terminal output on a database",
    ),
    (
        "bench --moves",
        "Jumlah gerak kursor yang diukur",
        "Number of cursor moves to time",
    ),
    (
        "bench --starts",
        "Jumlah mulai dingin (buka, kueri, layar pertama) yang diukur",
        "Number of cold starts (open, query, first frame) to time",
    ),
    (
        "bench --searches",
        "Putaran pencarian dan filter yang diukur",
        "Rounds of typed searches and applied filters to time",
    ),
    (
        "bench --import",
        "Sebagai gantinya: ukur impor N keluarga buatan dari CSV ke basis data baru",
        "Instead: time importing N generated households from CSV into a new database",
    ),
    (
        "bench --sync",
        "Sebagai gantinya: ukur sinkron ke PostgreSQL (PILAR_TEST_PG): pemulihan 500 keluarga ke PILAR_SYNC_LAPTOPS laptop sekaligus (bawaan 2), lalu sinkron satu hari",
        "Instead: time the sync against PostgreSQL (PILAR_TEST_PG): a 500-family restore onto PILAR_SYNC_LAPTOPS laptops at once (default 2), then a day's sync",
    ),
    (
        "sync",
        "Sinkronkan laptop ini dengan server pusat: daftar pada pemakaian pertama (--server dan --code), lalu tarik, gabung dan kirim; aman diulang setelah gagal apa pun",
        "Sync this laptop with the central server: enrol on first use (--server and --code), then pull, merge and push; safe to run again after any failure",
    ),
    (
        "sync --server",
        "Server sinkron, mis. https://sync.example.go.id (perlu saat pendaftaran pertama)",
        "The sync server, e.g. https://sync.example.go.id (needed at the first enrolment)",
    ),
    (
        "sync --code",
        "Kode pendaftaran sekali pakai dari pilar server enroll (sinkron pertama, atau perangkat baru)",
        "The one-time enrolment code from pilar server enroll (first sync, or a new device)",
    ),
    (
        "sync --ca",
        "Sertifikat (PEM) yang dipercaya untuk server, bila server punya sertifikat sendiri (disimpan untuk sinkron berikutnya)",
        "A certificate (PEM) to trust for the server, when it has its own (kept for later syncs)",
    ),
    (
        "merge",
        "Bawa basis data pilar lain (laptop yang bekerja luring) ke basis data ini; isian yang diubah berbeda di kedua sisi disimpan untuk diputuskan orang (:konflik di pilar)",
        "Bring another pilar database (a laptop worked offline) into this one; fields edited differently on both sides are kept for a person to decide (:conflicts in pilar)",
    ),
    (
        "merge OTHER",
        "Berkas basis data yang lain (hanya dibaca)",
        "The other database file (it is only read)",
    ),
    (
        "verify",
        "Periksa berkas basis data dan riwayatnya yang tahan rusak",
        "Check the database file and its tamper-evident history",
    ),
    (
        "verify --expect",
        "Ujung riwayat yang dicetak pilar verify sebelumnya (status 1 bila riwayat tidak lagi sampai ke sana)",
        "A head printed by an earlier pilar verify (status 1 if the history no longer reaches it)",
    ),
    (
        "init",
        "Buat basis data baru yang terenkripsi (kata sandi ditanya dua kali; PILAR_KEY_FILE juga bisa)",
        "Create a new encrypted database (asks for a passphrase twice; PILAR_KEY_FILE works too)",
    ),
    (
        "passwd",
        "Ganti kata sandi basis data terenkripsi",
        "Change the passphrase of an encrypted database",
    ),
    (
        "import",
        "Impor keluarga (dengan --members), kegiatan, graduasi, rujukan, pembayaran, verifikasi, kelompok P2K2 atau peristiwa keluarga dari CSV, .xlsx atau JSON ke KPM dampingan Anda",
        "Import households (with --members), activities, graduations, referrals, payments, verifications, P2K2 groups or life events from CSV, .xlsx or JSON into your caseload",
    ),
    (
        "import FILE",
        "Berkasnya: .csv (koma atau titik koma), .xlsx atau .json (seperti ekspor pilar); jenisnya dikenali dari judul kolom",
        "The file: .csv (comma or semicolon), .xlsx or .json (as pilar exports it); its kind is told by its headers",
    ),
    (
        "import --members",
        "Anggota keluarga (dikunci dengan No KK); .xlsx boleh menyimpannya di lembar kedua",
        "The households' members (keyed by No KK); an .xlsx may hold them on a second sheet",
    ),
    (
        "import --skip-invalid",
        "Impor baris yang benar dan daftar sisanya (bawaan: satu baris salah menghentikan semuanya)",
        "Import the valid rows and list the others (default: any invalid row stops it all)",
    ),
    (
        "import --dry-run",
        "Periksa dan laporkan tanpa menulis apa pun",
        "Check and report without writing anything",
    ),
    (
        "export",
        "Ekspor keluarga, anggota, kegiatan, graduasi, rujukan, pembayaran, verifikasi, kelompok P2K2 atau peristiwa keluarga sebagai CSV, .xlsx atau JSON",
        "Export households, members, activities, graduations, referrals, payments, verifications, P2K2 groups or life events as CSV, .xlsx or JSON",
    ),
    ("export --what", "Apa yang diekspor", "What to export"),
    (
        "export --format",
        "Format berkas (xlsx perlu --out BERKAS, atau --out - yang dialihkan ke berkas)",
        "File format (xlsx needs --out FILE, or --out - redirected to a file)",
    ),
    (
        "export --out",
        "Berkas keluaran (bawaan, atau -: keluaran standar)",
        "Output file (default, or -: standard output)",
    ),
    (
        "serve",
        "Jalankan layanan sinkron pusat: laptop menarik dan mengirim data dampingannya lewat HTTP(S), disimpan di PostgreSQL (skema dimigrasi dulu; Ctrl-c atau SIGTERM menghentikannya)",
        "Run the central sync service: laptops pull and push their caseloads over HTTP(S), kept in PostgreSQL (migrates its schema first; Ctrl-c or SIGTERM stops it)",
    ),
    (
        "serve --pg",
        "String koneksi PostgreSQL (postgres://user@host/db atau \"host=... dbname=...\"; sslmode=require untuk TLS)",
        "PostgreSQL connection string (postgres://user@host/db or \"host=... dbname=...\"; sslmode=require for TLS)",
    ),
    (
        "serve --listen",
        "Alamat dan port yang didengarkan",
        "Address and port to listen on",
    ),
    (
        "serve --pool",
        "Koneksi PostgreSQL yang dijaga, berapa pun jumlah laptop (1 sampai 32)",
        "PostgreSQL connections to keep, whatever the number of laptops (1 to 32)",
    ),
    (
        "serve --tls-cert",
        "Layani HTTPS dengan rantai sertifikat ini (PEM); perlu --tls-key",
        "Serve HTTPS with this certificate chain (PEM); needs --tls-key",
    ),
    (
        "serve --tls-key",
        "Kunci privat sertifikat (PEM)",
        "The certificate's private key (PEM)",
    ),
    (
        "server",
        "Kelola server pusat: muat basis data pilar ke sana, kode pendaftaran, perangkat",
        "Administer the central server: load a pilar database onto it, enrolment codes, devices",
    ),
    (
        "server load",
        "Muat seluruh basis data pilar ke server (unggahan pertama sebuah kabupaten, atau demo), per kabupaten; menjalankannya lagi tidak mengubah apa pun",
        "Load a whole pilar database onto the server (a district's first upload, or the demo), regency by regency; running it again changes nothing",
    ),
    (
        "server load --pg",
        "String koneksi PostgreSQL",
        "PostgreSQL connection string",
    ),
    (
        "server load DB",
        "Berkas basis data pilar (hanya dibaca)",
        "The pilar database file (only read)",
    ),
    (
        "server load --kab",
        "Kabupaten setiap petugas (4 angka), bila kode wilayah keluarganya tidak menunjukkannya",
        "Every worker's regency (4 digits), when their households' area codes do not tell",
    ),
    (
        "server enroll",
        "Cetak kode pendaftaran sekali pakai (berlaku 7 hari) untuk petugas --user LOGIN; atau cabut perangkat, atau daftar perangkat",
        "Print a one-time enrolment code (valid 7 days) for the worker --user LOGIN; or revoke a device, or list devices",
    ),
    (
        "server enroll --pg",
        "String koneksi PostgreSQL",
        "PostgreSQL connection string",
    ),
    (
        "server enroll --revoke",
        "Cabut perangkat ini (id-nya, dari --list): tokennya tidak berlaku lagi",
        "Revoke this device (its id, from --list): its token stops working",
    ),
    (
        "server enroll --list",
        "Daftar perangkat yang terdaftar (milik --user, atau semua)",
        "List the enrolled devices (of --user, or all)",
    ),
    (
        "completions",
        "Cetak skrip pelengkapan perintah untuk shell bash, zsh atau fish",
        "Print the shell completion script for bash, zsh or fish",
    ),
    (
        "completions SHELL",
        "Shell-nya: bash, zsh atau fish",
        "The shell: bash, zsh or fish",
    ),
    (
        "help",
        "Tampilkan bantuan pilar atau sebuah perintahnya",
        "Print pilar's help or one command's",
    ),
];

/// Headings and words of clap's help page: `(Indonesian, English)`.
pub const CLI_USAGE: (&str, &str) = ("Pemakaian:", "Usage:");
pub const CLI_COMMANDS: (&str, &str) = ("Perintah", "Commands");
pub const CLI_OPTIONS: (&str, &str) = ("Opsi", "Options");
pub const CLI_ARGUMENTS: (&str, &str) = ("Argumen", "Arguments");
/// The notes after an argument's help (clap's own are English only).
pub const CLI_DEFAULT: (&str, &str) = ("bawaan", "default");
pub const CLI_ENV: (&str, &str) = ("variabel", "env");
pub const CLI_CHOICES: (&str, &str) = ("pilihan", "possible values");
pub const CLI_MORE: (&str, &str) = (
    "Bantuan satu perintah: pilar PERINTAH --help. Bahasa Inggris: --lang en.",
    "One command's help: pilar COMMAND --help. In Indonesian: --lang id.",
);

/// The help of `path` in `lang`, if the table has it.
pub fn cli_help(lang: Lang, path: &str) -> Option<&'static str> {
    CLI_HELP
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, id, en)| pick(lang, (id, en)))
}

/// One of a pair by language.
pub fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::Id => pair.0,
        Lang::En => pair.1,
    }
}
