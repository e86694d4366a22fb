//! One component per file.

pub mod configurator;
pub mod group_step;
pub mod item_card;
pub mod language_switch;
pub mod load_error;
pub mod quantity_stepper;
pub mod quote_view;
pub mod resource_meters;
pub mod saved_quotes;
pub mod start_page;
pub mod step_list;
pub mod sticky_bar;
pub mod summary;
