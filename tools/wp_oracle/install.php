<?php
/**
 * A fresh WordPress 7.1 site as the reference had it (usage: php install.php SITE_URL).
 *
 * wp_install() with the default theme (Twenty Twenty-Five) and no plugins, then the
 * settings the reference names: site URL = the export's own, plain permalinks, UTC,
 * smilies on; the sample content wp_install() creates is deleted. Prints the settings as JSON.
 */
require __DIR__ . '/boot.php';

$site_url = rtrim( $argv[1], '/' );
wpo_fake_request( $site_url );
define( 'WP_INSTALLING', true );
require wpo_wordpress_dir() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if ( is_blog_installed() ) {
	fwrite( STDERR, "database not empty\n" );
	exit( 1 );
}
$result = wp_install( 'WP render oracle', 'admin', 'admin@example.org', false, '', 'oracle-password' );
// An empty site, so that the export's own ids (import_id) are free: no sample post,
// page, privacy-policy draft or comment.
foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids' ) ) as $id ) {
	wp_delete_post( $id, true );
}
foreach ( get_comments( array( 'status' => 'all' ) ) as $comment ) {
	wp_delete_comment( $comment, true );
}
update_option( 'siteurl', $site_url );
update_option( 'home', $site_url );
update_option( 'permalink_structure', '' );
update_option( 'timezone_string', '' );
update_option( 'gmt_offset', '0' );
update_option( 'use_smilies', '1' );

$settings = array();
foreach ( array( 'siteurl', 'home', 'permalink_structure', 'timezone_string', 'gmt_offset', 'use_smilies', 'template', 'stylesheet', 'active_plugins', 'db_version', 'blog_charset', 'date_format', 'time_format', 'thumbnail_size_w', 'medium_size_w', 'large_size_w', 'upload_url_path' ) as $name ) {
	$settings[ $name ] = get_option( $name );
}
echo wp_json_encode( $settings ), "\n";
