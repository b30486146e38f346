import { render } from 'preact';
import '../shared/styles.css';
import './console.css';
import { getLang } from '../shared/i18n';
import { App } from './app';

document.documentElement.lang = getLang();
const root = document.getElementById('app');
if (root) render(<App />, root);
