<?php
/**
 * WordPress's own functions timed on exactly the inputs bench_parser.py times.
 *
 *     python3 benchmarks/bench_parser.py --write-inputs inputs.json
 *     php benchmarks/bench_wp.php WORDPRESS_DIR inputs.json
 *
 * WORDPRESS_DIR is a WordPress 7.1 tree (the folder holding wp-includes/). Only
 * plugin.php (with class-wp-hook.php), formatting.php and shortcodes.php are loaded; the few
 * functions they call from the rest of WordPress (translations, options) are given the
 * values a default English site has. Prints one JSON object: case => microseconds per
 * call, CPU time (getrusage user + system), minimum over repeated runs.
 * bench_parser.py --wordpress WORDPRESS_DIR runs this itself and prints both side by side.
 */

if ( $argc < 3 ) {
	fwrite( STDERR, "usage: php bench_wp.php WORDPRESS_DIR inputs.json\n" );
	exit( 2 );
}
$wp     = rtrim( $argv[1], '/' );
$inputs = json_decode( file_get_contents( $argv[2] ), true );
if ( ! is_array( $inputs ) ) {
	fwrite( STDERR, "bench_wp.php: {$argv[2]} is not the JSON bench_parser.py writes\n" );
	exit( 2 );
}

define( 'ABSPATH', $wp . '/' );
define( 'WPINC', 'wp-includes' );

// What the loaded files call from the rest of WordPress, as on a default English site.
function _x( $text, $context, $domain = 'default' ) { return $text; }
function __( $text, $domain = 'default' ) { return $text; }
function get_option( $name, $default = false ) { return $default; }
function wp_kses_attr_parse( $element ) { return false; } // unused by the cases timed

require ABSPATH . WPINC . '/plugin.php';
require ABSPATH . WPINC . '/formatting.php';
require ABSPATH . WPINC . '/shortcodes.php';

$card = $inputs['handler_output'];
foreach ( $inputs['tags'] as $tag ) {
	add_shortcode( $tag, function () use ( $card ) { return $card; } );
}

function cpu_seconds() {
	$u = getrusage();
	return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6
		+ $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
}

/** Best CPU µs per call over $repeats runs of a loop that takes about $min_time seconds. */
function bench( $fn, $repeats, $min_time = 0.4 ) {
	$n = 1;
	while ( true ) {
		$t = cpu_seconds();
		for ( $i = 0; $i < $n; $i++ ) { $fn(); }
		$t = cpu_seconds() - $t;
		if ( $t >= 0.05 ) { break; }
		$n *= 4;
	}
	$n    = max( 1, (int) ( $n * $min_time / max( $t, 1e-9 ) ) );
	$best = INF;
	for ( $r = 0; $r < $repeats; $r++ ) {
		$t = cpu_seconds();
		for ( $i = 0; $i < $n; $i++ ) { $fn(); }
		$best = min( $best, ( cpu_seconds() - $t ) / $n );
	}
	return $best * 1e6;
}

$article = $inputs['article'];
$plain   = $inputs['plain'];
$atts    = $inputs['atts'];
// the_content as bench_parser.py composes it (shortcodes.wordpress.the_content):
// wptexturize, wpautop, shortcode_unautop, do_shortcode, in WordPress's filter order.
$the_content = function ( $text ) {
	return do_shortcode( shortcode_unautop( wpautop( wptexturize( $text ) ) ) );
};
$texturized = wptexturize( $article );
$autopd     = wpautop( $texturized );

$cases = array(
	'do_shortcode'      => function () use ( $article ) { do_shortcode( $article ); },
	'parse_atts'        => function () use ( $atts ) { shortcode_parse_atts( $atts ); },
	'no_bracket'        => function () use ( $plain ) { do_shortcode( $plain ); },
	'the_content'       => function () use ( $article, $the_content ) { $the_content( $article ); },
	'wptexturize'       => function () use ( $article ) { wptexturize( $article ); },
	'wpautop'           => function () use ( $texturized ) { wpautop( $texturized ); },
	'shortcode_unautop' => function () use ( $autopd ) { shortcode_unautop( $autopd ); },
);
$out = array( 'php' => PHP_VERSION, 'wordpress' => null );
if ( is_readable( ABSPATH . WPINC . '/version.php' ) ) {
	include ABSPATH . WPINC . '/version.php';
	$out['wordpress'] = isset( $wp_version ) ? $wp_version : null;
}
foreach ( $cases as $name => $fn ) {
	$out[ $name ] = bench( $fn, (int) $inputs['repeats'] );
}
echo json_encode( $out ), "\n";
