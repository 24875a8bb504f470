<?php
/**
 * Import one export with the official wordpress-importer, as user 1
 * (usage: php import.php SITE_URL EXPORT.xml IMPORTER_DIR [--attachments]).
 *
 * fetch_attachments stays false. With --attachments, each attachment item becomes a row
 * (guid = its attachment_url, mime type from the file name, no file), with its
 * `_wp_attached_file` / `_wp_attachment_metadata` where the export has them (else a
 * `_wp_attached_file` relative to the attachments' common uploads URL), so that
 * [gallery], featured images and srcset can render. Prints the importer's messages as
 * JSON lines, the parser's items in order and which local post each became (by its index).
 */
require __DIR__ . '/boot.php';

$site_url    = $argv[1];
$export      = $argv[2];
$importer    = rtrim( $argv[3], '/' );
$attachments = in_array( '--attachments', $argv, true );
wpo_fake_request( $site_url );
define( 'WP_LOAD_IMPORTERS', true );
define( 'WP_ADMIN', true );
require wpo_wordpress_dir() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require $importer . '/src/wordpress-importer.php';
wp_set_current_user( 1 );

class WPO_Import extends WP_Import {
	public $with_attachment_rows = false;
	public $attachment_urls      = array();

	public function process_attachment( $post, $url ) {
		if ( ! $this->with_attachment_rows ) {
			return parent::process_attachment( $post, $url );
		}
		if ( preg_match( '|^/[\w\W]+$|', $url ) ) {
			$url = rtrim( $this->base_url, '/' ) . $url;
		}
		$info                   = wp_check_filetype( basename( parse_url( $url, PHP_URL_PATH ) ) );
		$post['post_mime_type'] = $info['type'] ? $info['type'] : '';
		$post['guid']           = $url;
		$id = wp_insert_attachment( $post, false, $post['post_parent'], true );
		if ( ! is_wp_error( $id ) ) {
			$this->attachment_urls[ $id ] = $url;
		}
		return $id;
	}

	/**
	 * Where the export has no `_wp_attached_file`, give the row one, relative to the
	 * uploads URL the export's attachments share (`upload_url_path` set to it), so that
	 * wp_get_attachment_url() is the attachment_url and wp_attachment_is_image() holds.
	 */
	public function attach_files() {
		$split = array();
		$bases = array();
		foreach ( $this->attachment_urls as $id => $url ) {
			$path = strtok( $url, '?#' );
			if ( preg_match( '#^(.*)/([0-9]{4}/[0-9]{2}/[^/]+)$#', $path, $m ) ) {
				$split[ $id ] = array( $m[1], $m[2] );
			} else {
				$split[ $id ] = array( dirname( $path ), basename( $path ) );
			}
			$bases[ $split[ $id ][0] ] = ( isset( $bases[ $split[ $id ][0] ] ) ? $bases[ $split[ $id ][0] ] : 0 ) + 1;
		}
		if ( ! $bases ) {
			return null;
		}
		arsort( $bases );
		$base = array_key_first( $bases );
		if ( wp_upload_dir()['baseurl'] !== $base ) {
			update_option( 'upload_url_path', $base );
		}
		foreach ( $split as $id => $parts ) {
			if ( ! get_post_meta( $id, '_wp_attached_file', true ) ) {
				update_post_meta( $id, '_wp_attached_file', $parts[1] );
			}
		}
		return $base;
	}

	public function is_valid_meta_key( $key ) {
		if ( $this->with_attachment_rows && in_array( $key, array( '_wp_attached_file', '_wp_attachment_metadata' ), true ) ) {
			return $key;
		}
		return parent::is_valid_meta_key( $key );
	}
}

$import                       = new WPO_Import();
$import->fetch_attachments    = false;
$import->with_attachment_rows = $attachments;

// Which local post each <item> became, by its position among the parser's posts: the
// first post inserted after the importer takes up the item (ids may be missing or repeat).
$positions = array();
$current   = -1;
$inserted  = array();
add_filter(
	'wp_import_posts',
	function ( $posts ) use ( &$positions ) {
		$positions = array_values( $posts );
		return $posts;
	}
);
add_filter(
	'wp_import_post_data_raw',
	function ( $post ) use ( &$current ) {
		++$current;
		return $post;
	}
);
add_action(
	'wp_insert_post',
	function ( $post_id ) use ( &$current, &$inserted ) {
		if ( $current >= 0 && ! isset( $inserted[ $current ] ) ) {
			$inserted[ $current ] = (int) $post_id;
		}
	}
);

ob_start();
$import->import( $export, array( 'rewrite_urls' => false ) );
$html = ob_get_clean();
if ( $attachments ) {
	$import->attach_files();
}

$messages = array();
foreach ( preg_split( '#<br\s*/?>|</p>#', $html ) as $part ) {
	$text = trim( wp_strip_all_tags( $part ) );
	if ( '' !== $text ) {
		$messages[] = preg_replace( '/\s+/', ' ', $text );
	}
}
$map   = array();
$items = array();
foreach ( $positions as $index => $item ) {
	$items[] = array(
		'post_id'      => $item['post_id'],
		'post_type'    => $item['post_type'],
		'status'       => $item['status'],
		'post_name'    => $item['post_name'],
		'post_title'   => $item['post_title'],
		'post_content' => $item['post_content'],
	);
	$old = intval( $item['post_id'] );
	if ( isset( $inserted[ $index ] ) ) {
		$map[ $index ] = $inserted[ $index ];
	} elseif ( $old && isset( $import->processed_posts[ $old ] ) ) {
		// Not inserted: an existing post (post_exists) or a repeated id.
		$map[ $index ] = $import->processed_posts[ $old ];
	}
}
echo wp_json_encode(
	array(
		'messages'     => $messages,
		'items'        => $items,
		'index_to_id'  => (object) $map,
		'uploads_base' => wp_upload_dir( null, false, true )['baseurl'],
		'http_blocked' => $GLOBALS['wpo_http_blocked'],
	)
), "\n";
