import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: 'build', precompress: false }),
      // Forms post back to the same origin; SvelteKit's CSRF check stays on.
    }),
  ],
  server: { fs: { allow: ['..'] } },
});
