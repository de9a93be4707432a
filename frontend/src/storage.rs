//! The browser's `localStorage`, in one place: what MUS keeps there (the
//! language chosen, text typed but not yet on the server) and the one rule
//! for it: storage may be disabled or full, and then MUS goes on without.

use serde::Serialize;
use serde::de::DeserializeOwned;

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps `value` under `key`; false when the browser would not.
pub fn set(key: &str, value: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
}

/// Forgets `key`. A removal that fails leaves a value the caller's own rule
/// must be able to ignore.
pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every key that starts with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}

/// A value kept as JSON; `None` when missing or no longer readable. Read
/// through a JSON tree, as `mus_client` reads answers: less code per type.
pub fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let tree = serde_json::from_str(&get(key)?).ok()?;
    serde_json::from_value(tree).ok()
}

/// Keeps a value as JSON; false when the browser would not.
pub fn set_json<T: Serialize>(key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|raw| set(key, &raw))
}
