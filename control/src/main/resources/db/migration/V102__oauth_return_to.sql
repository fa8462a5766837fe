-- Where the OAuth callback sends the browser back to (a path on this Hookyard, such as the
-- console's connections page) when the flow was started with POST /connections/{id}/authorize;
-- null: the callback answers JSON, as for the redirecting GET.
alter table oauth_states add column return_to text;
