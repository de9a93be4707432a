//! Files only the server's own user may read: the data directory (0700),
//! the SQLite database with the files SQLite keeps next to it, and backups
//! (0600), whatever the umask says. They hold every preparation and summary
//! in the clear, so a umask of 022 made them readable by every account on
//! the machine.
//!
//! The umask itself is left alone (changing it needs `unsafe` and affects
//! the whole process); the files are created with their mode instead. An
//! existing file or directory loses its group and other permissions. On
//! systems without Unix permissions these only create what is missing.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The files SQLite keeps next to a database: the write-ahead log, its index
/// in shared memory, and the rollback journal (used before the database is
/// in WAL mode). SQLite creates them with the database file's permissions.
pub const SQLITE_SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Creates `dir` with its missing parents, as 0700; nothing when it exists
/// (see `owner_only`).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates `file` anew as 0600; fails when it exists.
pub fn create_new_private(file: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file)
}

/// Prepares the SQLite database `file` before SQLite opens it: created empty
/// as 0600 when missing (SQLite takes an empty file for an empty database),
/// otherwise it and the files next to it lose the group's and others'
/// permissions. SQLite then creates its write-ahead log and shared-memory
/// files with the database file's permissions.
pub fn private_sqlite(file: &Path) -> io::Result<()> {
    match create_new_private(file) {
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => owner_only(file)?,
        Err(error) => return Err(error),
    }
    for side_file in sqlite_side_files(file) {
        match owner_only(&side_file) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(())
}

/// The paths of `SQLITE_SIDE_FILES` for the database `file`.
pub fn sqlite_side_files(file: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    SQLITE_SIDE_FILES.iter().map(move |suffix| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Takes the group's and others' permissions from `path`, keeping the
/// owner's.
pub fn owner_only(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077))?;
        }
    }
    #[cfg(not(unix))]
    std::fs::metadata(path)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_directory_is_the_owners_and_an_open_one_is_closed() {
        let root = tempfile::tempdir().unwrap();
        let new = root.path().join("a/data");
        let open = root.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();

        create_private_dir(&new).unwrap();
        create_private_dir(&open).unwrap();
        owner_only(&open).unwrap();

        assert_eq!(mode(&new), 0o700);
        assert_eq!(mode(&open), 0o700);
    }

    #[test]
    fn a_database_and_its_side_files_are_the_owners() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.db");
        let old = dir.path().join("old.db");
        std::fs::write(&old, "").unwrap();
        let wal = dir.path().join("old.db-wal");
        std::fs::write(&wal, "").unwrap();
        for file in [&old, &wal] {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }

        private_sqlite(&new).unwrap();
        private_sqlite(&old).unwrap();

        assert_eq!(mode(&new), 0o600);
        assert_eq!(std::fs::metadata(&new).unwrap().len(), 0);
        assert_eq!(mode(&old), 0o600);
        assert_eq!(mode(&wal), 0o600);
    }
}
