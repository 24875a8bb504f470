<?php
/**
 * Render one published post as the main query of its own URL
 * (usage: php render_one.php SITE_URL POST_ID [--single]).
 *
 * Inside the loop (have_posts(); the_post()): without --single, prints
 * apply_filters( 'the_content', $post->post_content ); with --single, what the_content()
 * prints on the post's own page (<!--more--> -> <span id="more-N"></span>, a
 * <!--nextpage--> post shows page 1). Prints one JSON object: html, the refused HTTP
 * requests, and any PHP notices.
 */
require __DIR__ . '/boot.php';

$site_url = rtrim( $argv[1], '/' );
$post_id  = (int) $argv[2];
$single   = in_array( '--single', $argv, true );
$notices  = array();
set_error_handler(
	function ( $errno, $errstr, $file, $line ) use ( &$notices ) {
		$notices[] = "$errstr ($file:$line)";
		return true;
	},
	E_ALL & ~E_DEPRECATED
);

wpo_fake_request( $site_url );
define( 'WP_USE_THEMES', false );
require wpo_wordpress_dir() . '/wp-load.php';

$post = get_post( $post_id );
if ( ! $post || 'publish' !== $post->post_status ) {
	fwrite( STDERR, "no published post $post_id\n" );
	exit( 1 );
}
// The main query of the post's own URL (plain permalinks: ?p=N, ?page_id=N).
$link  = get_permalink( $post );
$parts = parse_url( $link );
$query = isset( $parts['query'] ) ? $parts['query'] : '';
$_GET  = array();
parse_str( $query, $_GET );
$_SERVER['QUERY_STRING'] = $query;
$_SERVER['REQUEST_URI']  = ( isset( $parts['path'] ) ? $parts['path'] : '/' ) . ( '' === $query ? '' : '?' . $query );
wp();

$html  = null;
$found = null;
if ( have_posts() ) {
	the_post();
	$found = get_the_ID();
	if ( $single ) {
		ob_start();
		the_content();
		$html = ob_get_clean();
	} else {
		$html = apply_filters( 'the_content', get_post()->post_content );
	}
}
echo wp_json_encode(
	array(
		'post_id'      => $post_id,
		'main_query'   => $found,
		'url'          => $link,
		'slug'         => $post->post_name,
		'is_singular'  => is_singular(),
		'html'         => $html,
		'http_blocked' => $GLOBALS['wpo_http_blocked'],
		'notices'      => $notices,
	)
), "\n";
