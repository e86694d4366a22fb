//! The saved-quotes page (saved/index.html): a bundle of its own, so the configurator's page
//! does not carry the quote reader and the list's rename, duplicate and import code.

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    leptos::mount::mount_to_body(configurator_app::saved_page::SavedPage);
}
