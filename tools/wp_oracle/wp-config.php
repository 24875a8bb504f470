<?php
/**
 * wp-config.php for the render oracle (copied next to wp-load.php by oracle.py):
 * the database is named by WPO_DB, on the local MariaDB.
 */
define( 'DB_NAME', getenv( 'WPO_DB' ) ? getenv( 'WPO_DB' ) : 'wpo_none' );
define( 'DB_USER', getenv( 'WPO_DB_USER' ) ? getenv( 'WPO_DB_USER' ) : 'wp' );
define( 'DB_PASSWORD', getenv( 'WPO_DB_PASSWORD' ) !== false ? getenv( 'WPO_DB_PASSWORD' ) : 'wp' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'AUTH_KEY', 'oracle' );
define( 'SECURE_AUTH_KEY', 'oracle' );
define( 'LOGGED_IN_KEY', 'oracle' );
define( 'NONCE_KEY', 'oracle' );
define( 'AUTH_SALT', 'oracle' );
define( 'SECURE_AUTH_SALT', 'oracle' );
define( 'LOGGED_IN_SALT', 'oracle' );
define( 'NONCE_SALT', 'oracle' );
define( 'WP_DEBUG', false );
define( 'DISABLE_WP_CRON', true );
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
