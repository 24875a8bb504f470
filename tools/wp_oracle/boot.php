<?php
/**
 * Loaded first by every oracle script: what the reference site had besides core.
 *
 * - every HTTP request is refused (`pre_http_request` returns a WP_Error), so oEmbed
 *   providers, feeds and avatars' remote checks behave as offline;
 * - `[covid19-ultimate-card]` prints the marker `<!--COVIDCARD-->`.
 *
 * Hooks are pre-registered in `$wp_filter` (WP_Hook::build_preinitialized_hooks) so that
 * they are in place before wp-settings.php runs anything.
 */

$GLOBALS['wpo_http_blocked'] = array();

function wpo_refuse_http( $preempt, $args, $url ) {
	$GLOBALS['wpo_http_blocked'][] = $url;
	return new WP_Error( 'http_request_failed', 'offline (render oracle)' );
}

function wpo_register_card() {
	add_shortcode(
		'covid19-ultimate-card',
		function () {
			return '<!--COVIDCARD-->';
		}
	);
}

$GLOBALS['wp_filter']['pre_http_request'][10][] = array(
	'function'      => 'wpo_refuse_http',
	'accepted_args' => 3,
);
$GLOBALS['wp_filter']['init'][10][] = array(
	'function'      => 'wpo_register_card',
	'accepted_args' => 0,
);

/** Where WordPress 7.1 is installed (its wp-config.php reads WPO_DB for the database). */
function wpo_wordpress_dir() {
	$dir = getenv( 'WPO_WORDPRESS' );
	if ( ! $dir || ! is_file( $dir . '/wp-load.php' ) ) {
		fwrite( STDERR, "WPO_WORDPRESS must name a WordPress directory\n" );
		exit( 2 );
	}
	return rtrim( $dir, '/' );
}

/** A CLI request that looks like one to the site's own host. */
function wpo_fake_request( $site_url, $request_uri = '/' ) {
	$parts                     = parse_url( $site_url );
	$_SERVER['HTTP_HOST']      = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	$_SERVER['SERVER_NAME']    = $parts['host'];
	$_SERVER['REQUEST_URI']    = $request_uri;
	$_SERVER['REQUEST_METHOD'] = 'GET';
	$_SERVER['SERVER_PORT']    = isset( $parts['port'] ) ? $parts['port'] : ( 'https' === $parts['scheme'] ? 443 : 80 );
	$_SERVER['HTTPS']          = 'https' === $parts['scheme'] ? 'on' : '';
	$_SERVER['SCRIPT_NAME']    = '/index.php';
	$_SERVER['PHP_SELF']       = '/index.php';
	$_SERVER['REMOTE_ADDR']    = '127.0.0.1';
}
