import {defineField, defineType} from 'sanity'
import {seoDescriptionWarning} from '../lib/validation'

export const seo = defineType({
  name: 'seo',
  title: 'SEO overrides',
  type: 'object',
  options: {collapsible: true, collapsed: true},
  fields: [
    defineField({
      name: 'title',
      type: 'string',
      description: 'Replaces the headline in search results and social cards.',
      validation: (rule) => rule.max(70).warning('Search engines truncate titles over about 70 characters'),
    }),
    defineField({
      name: 'description',
      type: 'text',
      rows: 3,
      description: 'Shown under the title in search results. Aim for 50–160 characters.',
      validation: (rule) => rule.custom(seoDescriptionWarning).warning(),
    }),
  ],
})
